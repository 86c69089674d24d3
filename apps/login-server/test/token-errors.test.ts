import { Browser } from '@sso/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type AuthorizeRequest,
  authorizeRequest,
  basicAuth,
  decodeJwt,
  exchangeCode,
  form,
  signIn,
} from './support/flows.ts';
import { password, testClients, useTestServer } from './support/server.ts';

/** /oauth2/token and /oauth2/revoke: every grant's failure, in Cognito's error codes. */
describe('/oauth2/token and /oauth2/revoke', () => {
  const server = useTestServer();
  afterEach(() => vi.useRealTimers());

  async function freshCode(client: { id: string; callback: string } = testClients.productA) {
    const request = authorizeRequest(server.baseUrl, client);
    const callback = await signIn(new Browser(), request, 'alice@example.com', password);
    return { request, code: callback.searchParams.get('code')! };
  }
  const token = (body: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${server.baseUrl}/oauth2/token`, {
      method: 'POST',
      headers: { ...form, ...headers },
      body: new URLSearchParams(body),
    });
  const codeGrant = (request: AuthorizeRequest, code: string, overrides: Record<string, string> = {}) => ({
    grant_type: 'authorization_code',
    code,
    redirect_uri: request.redirectUri,
    code_verifier: request.verifier,
    ...overrides,
  });
  const productA = basicAuth(testClients.productA.id, testClients.productA.secret);

  it('accepts client_secret_post as well as client_secret_basic', async () => {
    const { request, code } = await freshCode();
    const response = await token({
      ...codeGrant(request, code),
      client_id: testClients.productA.id,
      client_secret: testClients.productA.secret,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('reads a body with the client secret up to 56 KiB, and answers a larger one 413 invalid_request', async () => {
    const grant = {
      grant_type: 'client_credentials',
      scope: 'reports/read',
      client_id: testClients.machine.id,
      client_secret: testClients.machine.secret,
    };
    const within = await token({ ...grant, padding: 'x'.repeat(56 * 1024 - 200) });
    expect(within.status).toBe(200);
    const over = await token({ ...grant, padding: 'x'.repeat(56 * 1024) });
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({ error: 'invalid_request' });
  });

  it('serves a public client that sends only its client_id', async () => {
    const { request, code } = await freshCode(testClients.spa);
    const response = await exchangeCode(server.baseUrl, testClients.spa, request, code);
    expect(response.status).toBe(200);
  });

  it('lets a code be used once; a replay is invalid_grant and revokes what the code gave', async () => {
    const { request, code } = await freshCode();
    const first = await token(codeGrant(request, code), { authorization: productA });
    const { refresh_token } = (await first.json()) as { refresh_token: string };
    const replay = await token(codeGrant(request, code), { authorization: productA });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toEqual({ error: 'invalid_grant' });
    const refresh = await token({ grant_type: 'refresh_token', refresh_token }, { authorization: productA });
    expect(await refresh.json()).toEqual({ error: 'invalid_grant' });
  });

  it('expires codes after 5 minutes', async () => {
    const { request, code } = await freshCode();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 5 * 60 * 1000 + 1000);
    const response = await token(codeGrant(request, code), { authorization: productA });
    expect(await response.json()).toEqual({ error: 'invalid_grant' });
  });

  it('reports a different redirect_uri as unauthorized_client', async () => {
    const { request, code } = await freshCode();
    const response = await token(codeGrant(request, code, { redirect_uri: `${request.redirectUri}/` }), {
      authorization: productA,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'unauthorized_client' });
  });

  it('refuses a wrong or missing PKCE verifier', async () => {
    const { request, code } = await freshCode();
    const wrong = await token(codeGrant(request, code, { code_verifier: 'w'.repeat(43) }), { authorization: productA });
    expect(await wrong.json()).toEqual({ error: 'invalid_grant' });
    const again = await freshCode();
    const { code_verifier: _, ...missing } = codeGrant(again.request, again.code);
    const none = await token(missing, { authorization: productA });
    // Cognito, like RFC 7636 (4.6), answers a PKCE-bound code without its verifier with invalid_grant.
    expect(none.status).toBe(400);
    expect(await none.json()).toEqual({ error: 'invalid_grant' });
  });

  it("refuses another client's code", async () => {
    const { request, code } = await freshCode();
    const response = await token(codeGrant(request, code), {
      authorization: basicAuth(testClients.productB.id, testClients.productB.secret),
    });
    expect(await response.json()).toEqual({ error: 'invalid_grant' });
  });

  it('refuses a wrong secret with invalid_client', async () => {
    const { request, code } = await freshCode();
    const response = await token(codeGrant(request, code), {
      authorization: basicAuth(testClients.productA.id, 'nope'),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'invalid_client' });
  });

  it('refuses an unknown grant type', async () => {
    const response = await token({ grant_type: 'password', username: 'a', password: 'b' }, { authorization: productA });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'unsupported_grant_type' });
  });

  it('issues client_credentials tokens with custom scopes, and only to clients allowed', async () => {
    const machine = basicAuth(testClients.machine.id, testClients.machine.secret);
    const ok = await token({ grant_type: 'client_credentials', scope: 'reports/read' }, { authorization: machine });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('refresh_token');
    expect(body).not.toHaveProperty('id_token');
    expect(decodeJwt(String(body.access_token)).payload).toMatchObject({
      sub: testClients.machine.id,
      client_id: testClients.machine.id,
      token_use: 'access',
      scope: 'reports/read',
    });
    const refused = await token(
      { grant_type: 'client_credentials', scope: 'reports/read' },
      { authorization: productA },
    );
    expect(await refused.json()).toEqual({ error: 'unauthorized_client' });
  });

  it('revoke: 200 for unknown tokens, unsupported_token_type for access tokens, invalid_client for bad secrets', async () => {
    const revoke = (body: Record<string, string>, authorization = productA) =>
      fetch(`${server.baseUrl}/oauth2/revoke`, {
        method: 'POST',
        headers: { ...form, authorization },
        body: new URLSearchParams(body),
      });
    const unknown = await revoke({ token: 'whatever' });
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toBe('');

    const { request, code } = await freshCode();
    const issued = (await (await token(codeGrant(request, code), { authorization: productA })).json()) as {
      access_token: string;
    };
    const access = await revoke({ token: issued.access_token });
    expect(access.status).toBe(400);
    expect(await access.json()).toEqual({ error: 'unsupported_token_type' });

    const badClient = await revoke({ token: 'whatever' }, basicAuth(testClients.productA.id, 'nope'));
    expect(badClient.status).toBe(401);
    expect(await badClient.json()).toEqual({ error: 'invalid_client' });

    const missing = await revoke({});
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: 'invalid_request' });
  });

  it("refuses to revoke another client's refresh token, which stays valid", async () => {
    const { request, code } = await freshCode();
    const issued = (await (await token(codeGrant(request, code), { authorization: productA })).json()) as {
      refresh_token: string;
    };
    const productB = basicAuth(testClients.productB.id, testClients.productB.secret);
    const refused = await fetch(`${server.baseUrl}/oauth2/revoke`, {
      method: 'POST',
      headers: { ...form, authorization: productB },
      body: new URLSearchParams({ token: issued.refresh_token }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: 'invalid_request' });
    const still = await token(
      { grant_type: 'refresh_token', refresh_token: issued.refresh_token },
      { authorization: productA },
    );
    expect(still.status).toBe(200);
  });
});
