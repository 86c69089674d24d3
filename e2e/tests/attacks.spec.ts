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

  test('a used callback link cannot be replayed', async ({ page, products }) => {
    let callback = '';
    page.on('request', (request) => {
      if (request.url().startsWith(`${stack.productA}/auth/callback?`)) callback = request.url();
    });
    await products.signIn('A', anyone.email);
    await products.expectSignedIn(anyone.name);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    const replay = await page.goto(callback);
    expect(replay?.status()).toBe(400);
    await expect(page.getByRole('heading', { name: /sign-in link/ })).toBeVisible();
    await products.expectSignedOut();
  });

  for (const target of ['//evil.example/steal', 'https://evil.example/', '/\\evil.example', '/%5Cevil.example']) {
    test(`returnTo ${target} does not leave the product`, async ({ page, products }) => {
      await page.goto(`${stack.productA}/auth/login?returnTo=${encodeURIComponent(target)}`);
      await products.signInOnHostedPage(anyone.email);
      await page.waitForURL((url) => url.origin === stack.productA && url.pathname !== '/auth/callback');
      expect(new URL(page.url()).origin).toBe(stack.productA);
      await products.open('A');
      await products.expectSignedIn(anyone.name);
    });
  }

  test('a deep link survives the sign-in', async ({ page, products }) => {
    await page.goto(`${stack.productB}/account?tab=identity`);
    await products.signInOnHostedPage(anyone.email);
    await page.waitForURL(`${stack.productB}/account?tab=identity`);
    await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  });
});
