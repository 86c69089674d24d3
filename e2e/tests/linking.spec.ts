import { expect, test } from '../support/fixtures.ts';
import { stack, users } from '../support/stack.ts';

test.describe('legacy accounts', () => {
  test.skip(!stack.hasDemoUsers, 'needs the demo users with legacy product accounts and an unverified email');

  test('a legacy user of both products is linked by verified email and keeps their data', async ({
    page,
    products,
    journal,
  }) => {
    await products.signIn('A', users.dana);
    await products.expectSignedIn('Dana Diaz');
    await page.getByRole('navigation').getByRole('link', { name: 'Account' }).click();
    const main = page.getByRole('main');
    await expect(main).toContainText('existing account, linked by verified email');
    await expect(main.getByRole('list')).toContainText('Field notes');
    await expect(main).toContainText('member');
    await journal.step('product A account, linked');

    await products.open('B', '/account');
    await expect(main).toContainText('existing account, linked by verified email');
    await expect(main.getByRole('list')).toContainText('Weekly sign-ups');
    await expect(main).toContainText('free');
    await journal.step('product B account, linked');
  });

  test('an unverified email never takes over an existing account', async ({ page, products, journal }) => {
    await products.signIn('A', users.carol);
    await expect(page.getByRole('heading', { name: 'Please verify your email address first' })).toBeVisible();
    await products.expectSignedOut();
    await journal.step('refused with a clear page');
  });
});
