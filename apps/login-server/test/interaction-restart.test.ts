import { asPage, asRedirect, Browser, type Page, textOf } from '@sso/testing';
import { describe, expect, it } from 'vitest';
import {
  type AuthorizeRequest,
  authorizeRequest,
  basicAuth,
  decodeJwt,
  exchangeCode,
  form,
  openSignIn,
  signIn,
} from './support/flows.ts';
import { createUser, password, temporaryPassword, testClients, useTestServer } from './support/server.ts';

/**
 * A sign-in whose interaction is lost (cookie expired or dropped) starts again at /oauth2/authorize
 * with everything the app asked for: the code it ends in is bound to the app's PKCE challenge and
 * nonce, or there is no code. And a finished sign-in leaves no interaction cookie behind.
 */
describe('hosted sign-in that has to start again', () => {
  const server = useTestServer();

  const app = testClients.productA;

  /** Every live cookie the browser holds for the login server, whatever its path. */
  async function cookieNames(browser: Browser): Promise<string[]> {
    const all = await browser.jar.store.getAllCookies();
    return all
      .filter((c) => c.domain === 'localhost' && (c.expiryTime() ?? Number.POSITIVE_INFINITY) > Date.now())
      .map((c) => c.key);
  }
  /** What a browser does when the interaction cookie expires or is dropped. */
  async function dropInteraction(browser: Browser) {
    const dropped = (await browser.jar.store.getAllCookies()).filter((c) => c.key.startsWith('cognito-interaction'));
    expect(dropped.length).toBeGreaterThan(0);
    for (const c of dropped) await browser.jar.store.removeCookie(c.domain!, c.path!, c.key);
  }

  /** The code must be bound to the request's PKCE challenge and carry its nonce. */
  async function expectBoundCode(request: AuthorizeRequest, callback: URL) {
    expect(callback.searchParams.get('state')).toBe(request.state);
    const code = callback.searchParams.get('code')!;
    const grant = (verifier?: string) =>
      fetch(`${server.baseUrl}/oauth2/token`, {
        method: 'POST',
        headers: { ...form, authorization: basicAuth(app.id, app.secret) },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: request.redirectUri,
          ...(verifier ? { code_verifier: verifier } : {}),
        }),
      });
    const without = await grant();
    expect(without.status).toBe(400);
    expect(await without.json()).toEqual({ error: 'invalid_grant' });
    const wrong = await grant('w'.repeat(43));
    expect(await wrong.json()).toEqual({ error: 'invalid_grant' });

    const right = await exchangeCode(server.baseUrl, app, request, code);
    expect(right.status).toBe(200);
    const { id_token } = (await right.json()) as { id_token: string };
    expect(decodeJwt(id_token).payload).toMatchObject({ nonce: request.nonce, email: 'alice@example.com' });
  }

  const signInAgain = async (browser: Browser, page: Page) => {
    expect(textOf(page)).toContain('Sign in with your email and password');
    return asRedirect(
      await browser.submit(page, { username: 'alice@example.com', password }, { stopAt: app.callback }),
    );
  };

  it('ends in a code bound to the same PKCE challenge and nonce when the interaction cookie is dropped', async () => {
    const { browser, request, page: login } = await openSignIn(server.baseUrl, app);
    await dropInteraction(browser);

    // The password post finds no sign-in: it starts one again, for the same request.
    const again = asPage(await browser.submit(login, { username: 'alice@example.com', password }));
    const carried = new URL(again.url).searchParams;
    expect(carried.get('code_challenge')).toBe(new URL(request.url).searchParams.get('code_challenge'));
    expect(carried.get('nonce')).toBe(request.nonce);
    await expectBoundCode(request, await signInAgain(browser, again));
  });

  it('ends in a code bound to the PKCE challenge and nonce of a sign-in started at /login', async () => {
    const browser = new Browser();
    const request = authorizeRequest(server.baseUrl, app);
    const login = asPage(await browser.visit(request.url.replace('/oauth2/authorize?', '/login?'), app.callback));
    await expectBoundCode(request, await signInAgain(browser, login));
  });

  it("carries every authorize parameter on the hosted pages' URLs and links", async () => {
    const browser = new Browser();
    const extra = { lang: 'fr', identity_provider: 'COGNITO', login_hint: 'alice@example.com' };
    const request = authorizeRequest(server.baseUrl, app, extra);
    const login = asPage(await browser.visit(request.url.replace('/oauth2/authorize?', '/login?'), app.callback));
    const asked = new URL(request.url).searchParams;
    const links = [...login.html.matchAll(/<(?:a href|form method="post" action)="([^"]+)"/g)].map(
      (m) => new URL(m[1]!.replaceAll('&amp;', '&'), login.url),
    );
    expect(links.map((l) => l.pathname)).toEqual(['/login', '/forgotPassword', '/signup']);
    for (const url of [new URL(login.url), ...links]) {
      for (const [name, value] of asked)
        expect([url.pathname, name, url.searchParams.get(name)]).toEqual([url.pathname, name, value]);
    }

    // From another hosted page without a live sign-in, "Back to sign in" still starts the same request.
    const forgot = asPage(await new Browser().visit(links[1]!.href));
    const back = /<a href="([^"]+)">Back to sign in<\/a>/.exec(forgot.html)?.[1]?.replaceAll('&amp;', '&');
    const restarted = new Browser();
    const page = asPage(await restarted.visit(new URL(back!, forgot.url).href, app.callback));
    await expectBoundCode(request, await signInAgain(restarted, page));
  });

  it('answers a page that cannot start again with what to do, never with a weaker sign-in', async () => {
    const query = new URLSearchParams({ code_challenge: 'x'.repeat(43), code_challenge_method: 'S256', nonce: 'n' });
    const page = asPage(await new Browser().visit(`${server.baseUrl}/login?${query}`));
    expect(page.status).toBe(400);
    expect(textOf(page)).toContain('Go back to the application and choose sign in again.');
  });

  it('expires the interaction cookies once the sign-in is finished', async () => {
    const { browser, page: login } = await openSignIn(server.baseUrl, app);
    expect(await cookieNames(browser)).toContain('cognito-interaction');

    await signInAgain(browser, login);
    const left = await cookieNames(browser);
    expect(left).toContain('cognito');
    expect(left.filter((name) => /^cognito-(interaction|resume)/.test(name))).toEqual([]);

    // Also when the sign-in went through another page first (a new password after a temporary one).
    await createUser(server, 'temp@example.com', { password: temporaryPassword, status: 'FORCE_CHANGE_PASSWORD' });
    const { browser: other, page: first } = await openSignIn(server.baseUrl, app);
    const change = asPage(await other.submit(first, { username: 'temp@example.com', password: temporaryPassword }));
    asRedirect(await other.submit(change, { newPassword: 'Fresh-passw0rd!' }, { stopAt: app.callback }));
    expect((await cookieNames(other)).filter((name) => /^cognito-(interaction|resume)/.test(name))).toEqual([]);
  });

  it('still answers a live session at once, with the code bound to the new request', async () => {
    const browser = new Browser();
    await signIn(browser, authorizeRequest(server.baseUrl, app), 'alice@example.com', password);
    const request = authorizeRequest(server.baseUrl, app);
    await expectBoundCode(request, asRedirect(await browser.visit(request.url, app.callback)));
  });
});
