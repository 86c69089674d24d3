import { createHash } from 'node:crypto';
import { asPage, Browser, type Page } from '@sso/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { authorizeRequest, form } from './support/flows.ts';
import { createUser, password, temporaryPassword, testClients, useTestServer } from './support/server.ts';

/** Every page the server shows a browser carries a strict policy that still lets the page render. */
describe('security headers of the hosted pages', () => {
  const server = useTestServer();
  beforeAll(async () => {
    await createUser(server, 'temporary@example.com', { password: temporaryPassword, status: 'FORCE_CHANGE_PASSWORD' });
  });

  const app = testClients.productA;

  /** A page as the browser got it, with the headers of the response that showed it. */
  async function fetchPage(browser: Browser, url: string, init?: RequestInit) {
    let current = url;
    let response = await browser.request(current, init);
    while (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      current = new URL(response.headers.get('location')!, current).href;
      response = await browser.request(current);
    }
    return { url: current, status: response.status, headers: response.headers, html: await response.text() };
  }

  function policyOf(headers: Headers): Map<string, string[]> {
    const policy = new Map<string, string[]>();
    for (const directive of (headers.get('content-security-policy') ?? '').split(';')) {
      const [name, ...sources] = directive.trim().split(/\s+/);
      if (name) policy.set(name, sources);
    }
    return policy;
  }

  /** The headers, and a policy that allows exactly the page's inline style sheet and nothing else. */
  function expectProtected(page: { url: string; headers: Headers; html: string }) {
    const { headers, html } = page;
    expect([page.url, headers.get('x-frame-options')]).toEqual([page.url, 'DENY']);
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    const policy = policyOf(headers);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    // Chromium applies form-action to the redirect that answers the sign-in form (to the app).
    expect(policy.has('form-action')).toBe(false);
    for (const name of policy.keys())
      expect(['default-src', 'style-src', 'frame-ancestors', 'base-uri']).toContain(name);
    const styles = policy.get('style-src') ?? [];
    expect(styles.every((source) => /^'sha256-[A-Za-z0-9+/]+=*'$/.test(source))).toBe(true);
    if (html) {
      expect(html).not.toMatch(/<script|\son\w+=|\sstyle=/i);
      for (const [, sheet] of html.matchAll(/<style>([\s\S]*?)<\/style>/g)) {
        const hash = `'sha256-${createHash('sha256').update(sheet!).digest('base64')}'`;
        expect(styles).toContain(hash);
      }
    }
  }

  it('protects the sign-in, sign-up, confirmation and password pages', async () => {
    const browser = new Browser();
    const request = authorizeRequest(server.baseUrl, app);
    const login = await fetchPage(browser, request.url);
    expect(login.url).toContain('/login?');
    expectProtected(login);

    const query = new URL(login.url).search;
    for (const path of ['/signup', '/forgotPassword', '/confirmUser', '/confirmForgotPassword']) {
      const page = await fetchPage(browser, `${server.baseUrl}${path}${query}&username=alice%40example.com`);
      expect([path, page.status]).toEqual([path, 200]);
      expectProtected(page);
    }

    // The change-password page (after a temporary password), and a form refused for its CSRF token.
    const change = asPage(
      await browser.submit(login as Page, { username: 'temporary@example.com', password: temporaryPassword }),
    );
    expect(change.html).toContain('Change your password');
    const refused = await fetchPage(browser, `${server.baseUrl}/changePassword${query}`, {
      method: 'POST',
      headers: form,
      body: new URLSearchParams({ _csrf: 'forged', newPassword: password }),
    });
    expect(refused.status).toBe(403);
    expectProtected(refused);
  });

  it('protects the error, mailbox and sign-out pages, and answers from oidc-provider', async () => {
    const browser = new Browser();
    const pages = {
      error: `${server.baseUrl}/error?error=redirect_mismatch&client_id=${app.id}`,
      mailbox: `${server.baseUrl}/mailbox`,
      signOutToSignIn: `${server.baseUrl}/logout?${new URLSearchParams({ client_id: app.id, redirect_uri: app.callback, response_type: 'code' })}`,
      refusedSignOut: `${server.baseUrl}/logout?client_id=${app.id}&logout_uri=https://evil.example/`,
      unknownClient: `${server.baseUrl}/oauth2/authorize?client_id=nope&response_type=code&redirect_uri=${encodeURIComponent(app.callback)}`,
      expiredResume: `${server.baseUrl}/oauth2/authorize/no-such-interaction`,
      notFound: `${server.baseUrl}/nothing-here`,
    };
    for (const [name, url] of Object.entries(pages)) {
      const page = await fetchPage(browser, url);
      expect([name, page.status < 500]).toEqual([name, true]);
      expectProtected(page);
    }
    // The JSON endpoints carry them too (harmless there): one policy for every answer.
    const discovery = await fetch(`${server.issuer}/.well-known/openid-configuration`);
    expect(discovery.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
