import { expect, test } from '../support/fixtures.ts';
import { anyone, stack } from '../support/stack.ts';
import { stackLogFromNow } from '../support/stack-log.ts';

/*
 * The login service unreachable from the products' server side (their back channel), for longer
 * than their session check interval: a check that cannot reach it keeps the session (ADR 0014).
 * Browsers still reach the login server directly; only the products lose it.
 */
test.describe('an outage of the login service', () => {
  test.skip(
    !stack.backChannel,
    'needs the products’ back channel to the login service in the suite’s hands: only in a stack the suite starts itself (not with E2E_EXTERNAL_STACK=1 or E2E_TARGET=cognito)',
  );

  test('a sign-in that cannot finish says so (503, try again soon), and goes through once the service is back', async ({
    page,
    products,
    backChannel,
    journal,
  }) => {
    await backChannel.down();
    await products.open('A');
    await products.startLogin();
    // The browser still reaches the hosted login; the product cannot exchange the code it brings back.
    const callback = page.waitForResponse((response) => new URL(response.url()).pathname === '/auth/callback');
    await products.signInOnHostedPage(anyone.email);
    const answer = await callback;
    expect(answer.status()).toBe(503);
    expect(answer.headers()['retry-after']).toBe('5');
    await expect(page.getByRole('heading', { name: 'The login service is not answering' })).toBeVisible();
    expect((await backChannel.record()).seen).toContain('/oauth2/token');
    await journal.step('a sign-in while the login service is unreachable');

    await backChannel.up();
    // Signed in at the login service already: the page's sign-in button brings her straight back.
    await products.startLogin();
    await page.waitForURL(`${stack.productA}/`);
    await products.expectSignedIn(anyone.name);
    await journal.step('signed in once it is back');
  });

  test('keeps people signed in to both products, and a sign-out everywhere after it still reaches the other product', async ({
    page,
    products,
    backChannel,
    journal,
  }) => {
    const interval = stack.sessionCheckSeconds * 1000;
    // A product notices a sign-out elsewhere at its next check, at most the interval after its last.
    const within = interval + 15_000;
    test.setTimeout(2 * within + 60_000);

    await products.signIn('A', anyone.email);
    await products.open('B');
    await products.startLogin();
    await page.waitForURL(`${stack.productB}/`);
    await products.expectSignedIn(anyone.name);
    expect(
      (await backChannel.record()).seen,
      'the products reach the login server through the suite’s back channel (a stack started elsewhere, reused, does not)',
    ).toContain('/oauth2/token');
    await journal.step('signed in to A and B');

    /** A signed-in page of the product, served as usual: the session kept, no error page. */
    const pageWorks = async (product: 'A' | 'B') => {
      const response = await products.open(product, '/account');
      expect(new URL(page.url()).origin, `product ${product} kept the session`).toBe(
        new URL(product === 'A' ? stack.productA : stack.productB).origin,
      );
      expect(response?.status(), `product ${product}'s account page`).toBe(200);
      await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
      await products.expectSignedIn(anyone.name);
    };
    const log = stackLogFromNow();
    /** The products whose session check met the outage, and kept the session, as their log says. */
    const keptBy = () =>
      (['A', 'B'] as const).filter((product) =>
        log
          .lines()
          .some((line) =>
            new RegExp(`\\[${product}\\].*session check failed, session kept.*failure=login_server_unreachable`).test(
              line,
            ),
          ),
      );

    await backChannel.down();
    // Both sessions were last checked before the outage: within the interval each is due again, and
    // its next page asks the login service, cannot reach it, and goes on. Every page meanwhile works.
    await expect
      .poll(
        async () => {
          await pageWorks('A');
          await pageWorks('B');
          return keptBy();
        },
        { timeout: within, intervals: [500] },
      )
      .toEqual(['A', 'B']);
    const { operations } = await backChannel.record();
    expect(operations.filter((operation) => operation === 'GetUser').length).toBeGreaterThanOrEqual(2);
    await journal.step('both products still signed in while the login service is unreachable');

    await backChannel.up();
    await products.open('A');
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.waitForURL(`${stack.productA}/`);
    await products.expectSignedOut();
    expect((await backChannel.record()).operations).toContain('GlobalSignOut');
    await journal.step('signed out everywhere on A once the login service is back');

    // Nothing is done on B meanwhile: its next page, once its check is due, asks to sign in.
    await products.expectAskedToSignInWithin('B', within);
    await journal.step('product B asks to sign in');
  });
});
