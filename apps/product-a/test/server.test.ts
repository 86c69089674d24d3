import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProductServer } from '@sso/product-app/server';
import { freePort, testDatabase } from '@sso/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productA } from '../product.server.ts';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Product A's server as deployed: the production build behind its HTTP server. */
describe('product A server', () => {
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    execFileSync('npm', ['run', 'build'], { cwd: appDir, stdio: 'ignore' });
    const port = await freePort();
    const running = await startProductServer(productA, {
      env: {
        PORT: String(port),
        APP_URL: `http://localhost:${port}`,
        DATABASE_URL: await testDatabase('product_a'),
        SESSION_SECRET: 'x'.repeat(40),
        COGNITO_CLIENT_ID: 'product-a',
        COGNITO_CLIENT_SECRET: 'secret',
        // Nothing listens here: these tests never reach the login service.
        COGNITO_ISSUER: 'http://localhost:1/us-east-1_LocalPool',
        COGNITO_HOSTED_UI_URL: 'http://localhost:1',
      },
      log: pino({ level: 'silent' }),
    });
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
