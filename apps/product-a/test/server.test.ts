import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProductServer } from '@sso/product-app/server';
import { buildServices, onFreePort, testDatabase } from '@sso/testing';
import parseContentSecurityPolicy from 'content-security-policy-parser';
import { parse as parseHtml } from 'node-html-parser';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { productA } from '../product.server.ts';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Product A's server as deployed: the production build behind its HTTP server. */
describe('product A server', () => {
  let url: string;
  let close: () => Promise<void>;
  /** What the server logged, one object per line. */
  const logged: { level: number; msg: string }[] = [];

  beforeAll(async () => {
    // Other test files run the same build at the same time: one build at a time, only when stale.
    await buildServices('product-a');
    const databaseUrl = await testDatabase('product_a');
    const running = await onFreePort((port) =>
      startProductServer(productA, {
        env: {
          PORT: String(port),
          APP_URL: `http://localhost:${port}`,
          DATABASE_URL: databaseUrl,
          SESSION_SECRET: 'x'.repeat(40),
          COGNITO_CLIENT_ID: 'product-a',
          COGNITO_CLIENT_SECRET: 'secret',
          // Nothing listens here: these tests never reach the login service.
          COGNITO_ISSUER: 'http://localhost:1/us-east-1_LocalPool',
          COGNITO_HOSTED_UI_URL: 'http://localhost:1',
        },
        log: pino({ level: 'info' }, { write: (line: string) => logged.push(JSON.parse(line)) }),
      }),
    );
    url = running.url;
    close = running.close;
  }, 120_000);
  afterAll(() => close?.());

  it('answers liveness and readiness', async () => {
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${url}/ready`)).json()).toEqual({ status: 'ready' });
  });

  it('serves the home page with its brand and the sign-in button, and safe headers', async () => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-powered-by')).toBeNull();
    const html = await response.text();
    expect(html).toContain('Acme Projects');
    expect(html).toMatch(/<form[^>]*action="\/auth\/login"[^>]*>/);
    expect(html).toContain('Login Auth Code Flow');
  });

  it('sends a signed-out deep link to sign in, keeping where it was going', async () => {
    const response = await fetch(`${url}/account?tab=session`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/auth/login?returnTo=%2Faccount%3Ftab%3Dsession');
  });

  it('explains a missing page without a stack trace', async () => {
    const response = await fetch(`${url}/no-such-page`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain('Page not found');
    expect(html).not.toMatch(/at \S+\.(ts|js):\d+/);
  });

  describe('security headers', () => {
    const policyOf = (response: Response) => {
      const header = response.headers.get('content-security-policy');
      expect(header, `${response.url} has a Content-Security-Policy`).toBeTruthy();
      return parseContentSecurityPolicy(header!);
    };

    it.each([
      ['a page', '/', 200],
      ['a missing page', '/no-such-page', 404],
      ['a redirect to sign in', '/account', 302],
      ['the health check', '/health', 200],
      ['a refused sign-in request', '/auth/login', 400],
    ])('puts a strict policy and the other headers on %s', async (_, at, status) => {
      const response = await fetch(`${url}${at}`, {
        redirect: 'manual',
        ...(status === 400 ? { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } } : {}),
      });
      expect(response.status).toBe(status);
      const policy = policyOf(response);
      expect(policy.get('default-src')).toEqual(["'none'"]);
      expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
      expect(policy.get('base-uri')).toEqual(["'none'"]);
      // The sign-in and sign-out buttons post here, then go on to the hosted login (COGNITO_HOSTED_UI_URL).
      expect(policy.get('form-action')).toEqual(["'self'", 'http://localhost:1']);
      expect(policy.get('connect-src')).toEqual(["'self'"]);
      expect(policy.get('img-src')).toEqual(["'self'", 'data:']);
      for (const [name, sources] of policy) {
        expect(sources, name).not.toContain("'unsafe-inline'");
        expect(sources, name).not.toContain("'unsafe-eval'");
        expect(sources, name).not.toContain('*');
      }
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
      await response.body?.cancel();
    });

    it('allows only the scripts the page carries, by a nonce new on every response', async () => {
      const nonces = new Set<string>();
      for (let i = 0; i < 2; i++) {
        const response = await fetch(url);
        const scriptSrc = policyOf(response).get('script-src')!;
        const nonce = scriptSrc.find((source) => source.startsWith("'nonce-"))!.slice("'nonce-".length, -1);
        expect(scriptSrc).toEqual(["'self'", `'nonce-${nonce}'`]);
        expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
        nonces.add(nonce);
        const html = parseHtml(await response.text());
        const scripts = html.querySelectorAll('script');
        expect(scripts.length).toBeGreaterThan(1);
        for (const script of scripts) {
          if (script.getAttribute('src')) expect(script.getAttribute('src')).toMatch(/^\/assets\//);
          else expect(script.getAttribute('nonce'), script.toString().slice(0, 80)).toBe(nonce);
        }
        for (const link of html.querySelectorAll('link[rel=modulepreload]')) {
          expect(link.getAttribute('href')).toMatch(/^\/assets\//);
        }
      }
      expect(nonces.size).toBe(2);
    });

    it('allows the inline stylesheet by its hash, and no inline style attribute is needed', async () => {
      const response = await fetch(`${url}/no-such-page`);
      const styleSrc = policyOf(response).get('style-src')!;
      const html = parseHtml(await response.text());
      const styles = html.querySelectorAll('style');
      expect(styles).toHaveLength(1);
      const hash = createHash('sha256').update(styles[0]!.rawText, 'utf8').digest('base64');
      expect(styleSrc).toEqual([`'sha256-${hash}'`]);
      expect(html.querySelectorAll('[style]')).toEqual([]);
    });
  });

  describe('bad input to the auth routes', () => {
    beforeEach(() => {
      logged.length = 0;
    });

    /** A page that says what to do, with the sign-in button, and nothing of the server's insides. */
    const expectSignInRefusedPage = async (response: Response, status: number) => {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await response.text();
      const page = parseHtml(html);
      expect(page.querySelector('h1')?.text).toBe('This sign-in request could not be read');
      expect(page.querySelector('main form[action="/auth/login"] button')?.text).toBe('Sign in again');
      expect(html).not.toMatch(/TypeError|FormData|at \S+\.(ts|js):\d+/);
    };
    const errorsLogged = () => logged.filter((line) => line.level >= 50);

    it.each([
      ['no body at all', {}],
      ['a JSON body', { body: '{"returnTo":"/account"}', headers: { 'content-type': 'application/json' } }],
      ['a plain-text body', { body: 'returnTo=/account', headers: { 'content-type': 'text/plain' } }],
      [
        'a multipart body without its boundary',
        { body: 'garbage', headers: { 'content-type': 'multipart/form-data' } },
      ],
      [
        'a multipart body that ends early',
        {
          body: '--x\r\nContent-Disposition: form-data; name="returnTo"\r\n',
          headers: { 'content-type': 'multipart/form-data; boundary=x' },
        },
      ],
    ])('refuses a sign-in posted with %s: 400 and a page that says what to do', async (_, init) => {
      const response = await fetch(`${url}/auth/login`, { method: 'POST', redirect: 'manual', ...init });
      await expectSignInRefusedPage(response, 400);
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(errorsLogged()).toEqual([]);
    });

    it('refuses a sign-in body far larger than the form with a 413, without keeping it', async () => {
      const response = await fetch(`${url}/auth/login`, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ returnTo: `/${'x'.repeat(1024 * 1024)}` }),
      });
      await expectSignInRefusedPage(response, 413);
      expect(errorsLogged()).toEqual([]);
    });

    it.each([
      ['the header button (no field)', new URLSearchParams()],
      ['a button that brings the person back', new URLSearchParams({ returnTo: '/account' })],
      [
        'a multipart form',
        (() => {
          const form = new FormData();
          form.set('returnTo', '/account');
          return form;
        })(),
      ],
    ])('sends %s on to the hosted login', async (_, body) => {
      const response = await fetch(`${url}/auth/login`, { method: 'POST', redirect: 'manual', body });
      expect(response.status).toBe(302);
      expect(
        new URL(response.headers.get('location')!).origin + new URL(response.headers.get('location')!).pathname,
      ).toBe('http://localhost:1/oauth2/authorize');
      expect(response.headers.getSetCookie().some((c) => c.startsWith('product_a_oauth:'))).toBe(true);
    });

    it.each([['/auth/logout'], ['/auth/logout-everywhere']])(
      'signs out at %s whatever the body, and never fails',
      async (at) => {
        for (const init of [
          {},
          { body: '[', headers: { 'content-type': 'application/json' } },
          { body: 'garbage', headers: { 'content-type': 'multipart/form-data' } },
        ]) {
          const response = await fetch(`${url}${at}`, { method: 'POST', redirect: 'manual', ...init });
          expect(response.status).toBe(302);
          expect(response.headers.getSetCookie().some((c) => c.startsWith('product_a_session=;'))).toBe(true);
        }
        expect(errorsLogged()).toEqual([]);
      },
    );

    // Large enough not to fit in the connection's buffers: unread, it would stall the client.
    const large = () => Buffer.alloc(2 * 1024 * 1024, 'a');
    it.each([['/auth/logout'], ['/auth/logout-everywhere'], ['/auth/callback'], ['/'], ['/account'], ['/__manifest']])(
      'answers a large body posted to %s, which reads none, without stalling the connection',
      async (at) => {
        for (const body of [large(), new Blob([large()]).stream()]) {
          const response = await fetch(`${url}${at}`, {
            method: 'POST',
            redirect: 'manual',
            body,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
          } as RequestInit);
          expect(response.status).toBeLessThan(500);
          await response.body?.cancel();
        }
        expect(errorsLogged()).toEqual([]);
      },
      10_000,
    );

    it.each([
      ['/auth/callback?state=x&code=y', 400, 'This sign-in link has expired'],
      ['/auth/callback?state=x&error=%00%ff', 400, 'This sign-in link has expired'],
      ['/auth/callback', 400, 'This sign-in link has expired'],
      ['/auth/login?returnTo=%E0%A4%A', 302, null],
    ])('answers GET %s with a %i, never a failure', async (at, status, heading) => {
      const response = await fetch(`${url}${at}`, {
        redirect: 'manual',
        headers: { cookie: 'product_a_oauth:abc=garbage; product_a_session=%E0%A4%A; product_a_return_to=x' },
      });
      expect(response.status).toBe(status);
      if (heading) expect(parseHtml(await response.text()).querySelector('h1')?.text).toBe(heading);
      expect(errorsLogged()).toEqual([]);
    });

    it.each([['/'], ['/account'], ['/admin']])(
      'answers a POST to %s, which takes none, with a 405 page',
      async (at) => {
        const response = await fetch(`${url}${at}`, { method: 'POST', body: new URLSearchParams({ x: '1' }) });
        expect(response.status).toBe(405);
        const html = await response.text();
        expect(parseHtml(html).querySelector('h1')?.text).toBe('This page cannot do that');
        expect(html).not.toMatch(/at \S+\.(ts|js):\d+/);
        expect(errorsLogged()).toEqual([]);
      },
    );
  });

  it('refuses to start on a bad setting, naming the key (the built server, as deployed)', () => {
    const result = spawnSync(process.execPath, ['dist/main.js'], {
      cwd: appDir,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        PORT: '8000',
        APP_URL: 'localhost:8000',
        SESSION_SECRET: 'short',
      },
      encoding: 'utf8',
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/APP_URL: /);
    expect(result.stderr).toMatch(/SESSION_SECRET\[0\]: each secret must be at least 32 characters/);
    expect(result.stderr).toMatch(/COGNITO_CLIENT_ID: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
