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

  test('signing out everywhere on product A signs product B out at its next check', async ({
    page,
    products,
    journal,
  }) => {
    // B notices at its next check with the login service, at most SESSION_CHECK_SECONDS after its last.
    const within = (stack.sessionCheckSeconds + 15) * 1000;
    test.setTimeout(within + 60_000);
    await products.signIn('A', anyone.email);
    await products.open('B');
    await products.startLogin();
    await page.waitForURL(`${stack.productB}/`);
    await products.expectSignedIn(anyone.name);
    await journal.step('signed in to A and B');

    await products.open('A');
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.waitForURL(`${stack.productA}/`);
    await products.expectSignedOut();
    await journal.step('signed out everywhere on A');

    // Nothing is done on B meanwhile: its next page, once its check is due, asks to sign in.
    await products.expectAskedToSignInWithin('B', within);
    await journal.step('product B asks to sign in');
  });
});
