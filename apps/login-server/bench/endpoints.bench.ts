import { Browser } from '@sso/testing';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { authorizeRequest, basicAuth, exchangeCode, signIn } from '../test/support/flows.ts';
import { password, startTestServer, type TestServer, testClients } from '../test/support/server.ts';

/**
 * Throughput of the hot endpoints on one process (embedded PGlite). Targets, on 2 cores:
 * refresh grant ≥ 100/s, userInfo ≥ 300/s, a whole hosted sign-in (argon2id verify included) ≥ 15/s
 * (measured: about 160/s, 440/s and 29/s).
 * The hooks sit at the top of the file: Vitest's bench mode does not run hooks inside `describe`.
 */
let server: TestServer;
let refreshToken: string;
let accessToken: string;
const app = testClients.productA;

beforeAll(async () => {
  server = await startTestServer();
  const request = authorizeRequest(server.baseUrl, app);
  const callback = await signIn(new Browser(), request, 'alice@example.com', password);
  const tokens = (await (
    await exchangeCode(server.baseUrl, app, request, callback.searchParams.get('code')!)
  ).json()) as {
    refresh_token: string;
    access_token: string;
  };
  refreshToken = tokens.refresh_token;
  accessToken = tokens.access_token;
});
afterAll(() => server?.close());

describe('login server endpoints', () => {
  bench('refresh_token grant', async () => {
    const response = await fetch(`${server.baseUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(app.id, app.secret) },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    });
    if (response.status !== 200) throw new Error(`refresh failed: ${response.status}`);
  });

  bench('userInfo', async () => {
    const response = await fetch(`${server.baseUrl}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    if (response.status !== 200) throw new Error(`userInfo failed: ${response.status}`);
  });

  bench('hosted sign-in and code exchange', async () => {
    const request = authorizeRequest(server.baseUrl, app);
    const callback = await signIn(new Browser(), request, 'alice@example.com', password);
    const response = await exchangeCode(server.baseUrl, app, request, callback.searchParams.get('code')!);
    if (response.status !== 200) throw new Error(`exchange failed: ${response.status}`);
  });
});
