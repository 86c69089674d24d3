import { expect, test } from '../support/fixtures.ts';
import { anyone, stack } from '../support/stack.ts';

test.describe('attacks on the sign-in', () => {
  test('a tampered state is refused with a helpful page', async ({ page, products, journal }) => {
    // The sign-in form's answer redirects (through the login service) to the callback. Browsers'
    // redirects cannot be intercepted, so follow them here and hand the browser an altered state.
    const signInPost = (url: URL) => url.origin === stack.loginServer && url.pathname === '/login';
    await page.route(signInPost, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      let response = await route.fetch({ maxRedirects: 0 });
      let location = new URL(response.headers().location ?? '', stack.loginServer);
      while (location.origin === stack.loginServer) {
        response = await page.request.get(location.href, { maxRedirects: 0 });
        location = new URL(response.headers().location ?? '', stack.loginServer);
      }
      location.searchParams.set('state', `${location.searchParams.get('state')}tampered`);
      await route.fulfill({ status: 302, headers: { location: location.href } });
    });
    await products.signIn('A', anyone.email);
    await expect(page.getByRole('heading', { name: 'This sign-in link has expired' })).toBeVisible();
    await expect(page.getByRole('main')).not.toContainText(/Error:|at .*\.ts/);
    await products.expectSignedOut();
    await journal.step('tampered state refused');
  });

  test('a used sign-in code cannot be replayed, even with its own state cookie', async ({
    page,
    context,
    products,
  }) => {
    let callback = '';
    page.on('request', (request) => {
      if (request.url().startsWith(`${stack.productA}/auth/callback?`)) callback = request.url();
    });
    await products.open('A');
    await products.startLogin();
    await products.expectHostedSignIn();
    // The sign-in's state cookie (state and PKCE verifier), as the browser holds it before the callback.
    const stateCookies = (await context.cookies(stack.productA)).filter((c) => c.name.startsWith('product_a_oauth:'));
    expect(stateCookies).toHaveLength(1);
    await products.signInOnHostedPage(anyone.email);
    await page.waitForURL(`${stack.productA}/`);
    await products.expectSignedIn(anyone.name);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await products.expectSignedOut();

    // The callback link again, with the state cookie that matches it: state and verifier are right,
    // so only the code's single use can refuse it.
    expect(new URL(callback).searchParams.get('code')).toBeTruthy();
    await context.addCookies(stateCookies);
    const replay = await page.goto(callback);
    expect(replay?.status()).toBe(400);
    await expect(page.getByRole('heading', { name: 'This sign-in link was already used' })).toBeVisible();
    await expect(page.getByRole('main')).toContainText(
      'The one-time code from the login service is expired or was used',
    );
    await products.expectSignedOut();
  });

  for (const target of ['//evil.example/steal', 'https://evil.example/', '/\\evil.example', '/%5Cevil.example']) {
    test(`returnTo ${target} does not leave the product`, async ({ page, context, products }) => {
      // Nothing in this browser may ever ask evil.example for anything, not even a failed lookup.
      const toEvil: string[] = [];
      context.on('request', (request) => {
        if (new URL(request.url()).hostname.endsWith('evil.example')) toEvil.push(request.url());
      });
      await page.goto(`${stack.productA}/auth/login?returnTo=${encodeURIComponent(target)}`);
      await products.signInOnHostedPage(anyone.email);
      // Wherever the browser goes once past the login service and the callback, it is the product's
      // home (the safe default), signed in.
      await page.waitForURL((url) => url.origin !== stack.loginServer && url.pathname !== '/auth/callback');
      expect.soft(toEvil).toEqual([]);
      expect(page.url()).toBe(`${stack.productA}/`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Acme Projects');
      await products.expectSignedIn(anyone.name);
      expect(toEvil).toEqual([]);
    });
  }

  test('a deep link survives the sign-in', async ({ page, products }) => {
    await page.goto(`${stack.productB}/account?tab=identity`);
    await products.signInOnHostedPage(anyone.email);
    await page.waitForURL(`${stack.productB}/account?tab=identity`);
    await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  });
});
