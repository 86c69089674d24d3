import { test } from '../support/fixtures.ts';
import { anyone, stack } from '../support/stack.ts';

test.describe('signing out', () => {
  test('signing out of product A keeps product B signed in', async ({ page, products, journal }) => {
    await products.signIn('A', anyone.email);
    await products.open('B');
    await products.startLogin();
    await page.waitForURL(`${stack.productB}/`);
    await products.expectSignedIn(anyone.name);

    await products.open('A');
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(`${stack.productA}/`);
    await products.expectSignedOut();
    await journal.step('product A signed out');

    await products.open('B');
    await products.expectSignedIn(anyone.name);
    await journal.step('product B still signed in');
  });

  test('signing out everywhere makes the next sign-in ask for the password', async ({ page, products, journal }) => {
    await products.signIn('A', anyone.email);
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.waitForURL(`${stack.productA}/`);
    await products.expectSignedOut();
    await journal.step('signed out everywhere');

    await products.open('B');
    await products.startLogin();
    await products.expectHostedSignIn();
    await journal.step('product B asks for the password');
  });
});
