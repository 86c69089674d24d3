import { asPage, asRedirect, Browser, textOf } from '@sso/testing';
import * as oidc from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from './support/flows.ts';
import { password, testClients, useTestServer } from './support/server.ts';

/** The whole code flow driven by panva's openid-client, a certified relying-party library. */
describe('authorization code flow with openid-client', () => {
  const server = useTestServer();
  let productA: oidc.Configuration;
  let productB: oidc.Configuration;

  beforeAll(async () => {
    const discover = (client: { id: string; secret: string }) =>
      oidc.discovery(new URL(server.issuer), client.id, client.secret, undefined, {
        execute: [oidc.allowInsecureRequests],
      });
    productA = await discover(testClients.productA);
    productB = await discover(testClients.productB);
  });

  /** Starts a login the way an app does, signs in on the hosted page, and finishes at the token endpoint. */
  async function login(config: oidc.Configuration, redirectUri: string, browser = new Browser(), form = true) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const first = await browser.visit(url.href, redirectUri);
    let callback: URL;
    if (form) {
      const page = asPage(first);
      expect(textOf(page)).toContain('Sign in with your email and password');
      callback = asRedirect(
        await browser.submit(page, { username: 'alice@example.com', password }, { stopAt: redirectUri }),
      );
    } else {
      callback = asRedirect(first);
    }
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    return { tokens, browser, nonce };
  }

  it('discovers Cognito-shaped metadata', () => {
    const metadata = productA.serverMetadata();
    expect(metadata.issuer).toBe(server.issuer);
    expect(metadata.authorization_endpoint).toBe(`${server.baseUrl}/oauth2/authorize`);
    expect(metadata.token_endpoint).toBe(`${server.baseUrl}/oauth2/token`);
    expect(metadata.userinfo_endpoint).toBe(`${server.baseUrl}/oauth2/userInfo`);
    expect(metadata.revocation_endpoint).toBe(`${server.baseUrl}/oauth2/revoke`);
    expect(metadata.jwks_uri).toBe(`${server.issuer}/.well-known/jwks.json`);
    expect(metadata.code_challenge_methods_supported).toBeUndefined();
  });

  it('signs in with code + PKCE, state and nonce, and returns Cognito-shaped tokens', async () => {
    const { tokens, nonce } = await login(productA, testClients.productA.callback);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens).not.toHaveProperty('scope');

    const id = decodeJwt(tokens.id_token!);
    expect(id.header.alg).toBe('RS256');
    expect(id.payload).toMatchObject({
      aud: testClients.productA.id,
      iss: server.issuer,
      token_use: 'id',
      email: 'alice@example.com',
      email_verified: true,
      name: 'Alice Example',
      'custom:plan': 'pro',
      nonce,
    });
    expect(id.payload['cognito:username']).toBe(id.payload.sub);
    expect(id.payload.exp).toBe((id.payload.iat as number) + 3600);
    for (const claim of ['auth_time', 'jti', 'origin_jti', 'event_id']) expect(id.payload).toHaveProperty(claim);

    const access = decodeJwt(tokens.access_token);
    expect(access.payload).not.toHaveProperty('aud');
    expect(Object.keys(access.payload)).toEqual([
      'sub',
      'iss',
      'version',
      'client_id',
      'origin_jti',
      'event_id',
      'token_use',
      'scope',
      'auth_time',
      'exp',
      'iat',
      'jti',
      'username',
    ]);
    expect(access.payload).toMatchObject({
      sub: id.payload.sub,
      client_id: testClients.productA.id,
      token_use: 'access',
      scope: 'openid email profile',
      version: 2,
      username: id.payload.sub,
      origin_jti: id.payload.origin_jti,
      auth_time: id.payload.auth_time,
    });
    // Cognito signs ID and access tokens with different keys.
    expect(access.header.kid).not.toBe(id.header.kid);
  });

  it('answers userInfo with attributes as strings, for GET and POST', async () => {
    const { tokens } = await login(productA, testClients.productA.callback);
    const sub = tokens.claims()!.sub;
    const info = await oidc.fetchUserInfo(productA, tokens.access_token, sub);
    expect(info).toMatchObject({ sub, email: 'alice@example.com', email_verified: 'true', username: sub });
    const posted = await fetch(`${server.baseUrl}/oauth2/userInfo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(posted.status).toBe(200);
    expect(await posted.json()).toMatchObject({ sub, email: 'alice@example.com' });
  });

  it('refreshes without a new refresh token, keeping auth_time (no rotation)', async () => {
    const { tokens } = await login(productA, testClients.productA.callback);
    const refreshed = await oidc.refreshTokenGrant(productA, tokens.refresh_token!);
    expect(refreshed.refresh_token).toBeUndefined();
    expect(refreshed.id_token).toEqual(expect.any(String));
    expect(decodeJwt(refreshed.id_token!).payload.auth_time).toBe(tokens.claims()!.auth_time);
    expect(decodeJwt(refreshed.access_token).payload.auth_time).toBe(tokens.claims()!.auth_time);
    // The same refresh token keeps working.
    await expect(oidc.refreshTokenGrant(productA, tokens.refresh_token!)).resolves.toBeDefined();
  });

  it('rotates refresh tokens for a client with rotation, honouring the grace period', async () => {
    const { tokens } = await login(productB, testClients.productB.callback);
    const first = await oidc.refreshTokenGrant(productB, tokens.refresh_token!);
    expect(first.refresh_token).toEqual(expect.any(String));
    expect(first.refresh_token).not.toBe(tokens.refresh_token);
    // Within the grace period the old token still works (a retry after a lost response).
    const retry = await oidc.refreshTokenGrant(productB, tokens.refresh_token!);
    expect(retry.refresh_token).toEqual(expect.any(String));
    await expect(oidc.refreshTokenGrant(productB, first.refresh_token!)).resolves.toBeDefined();
  });

  it('refuses a refresh token from another client', async () => {
    const { tokens } = await login(productA, testClients.productA.callback);
    await expect(oidc.refreshTokenGrant(productB, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('revokes a refresh token and the access tokens issued from it', async () => {
    const { tokens } = await login(productA, testClients.productA.callback);
    const sub = tokens.claims()!.sub;
    const refreshed = await oidc.refreshTokenGrant(productA, tokens.refresh_token!);
    await oidc.tokenRevocation(productA, tokens.refresh_token!);
    await expect(oidc.refreshTokenGrant(productA, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    for (const accessToken of [tokens.access_token, refreshed.access_token]) {
      await expect(oidc.fetchUserInfo(productA, accessToken, sub)).rejects.toMatchObject({ status: 401 });
    }
    // Revoking again, or revoking garbage, is still 200 (Cognito's behaviour).
    await expect(oidc.tokenRevocation(productA, tokens.refresh_token!)).resolves.toBeUndefined();
    await expect(oidc.tokenRevocation(productA, 'not-a-token')).resolves.toBeUndefined();
  });

  it('signs in to a second app client with no form while the hosted session lives (SSO)', async () => {
    const { browser, tokens: a } = await login(productA, testClients.productA.callback);
    const { tokens: b } = await login(productB, testClients.productB.callback, browser, false);
    expect(b.claims()!.sub).toBe(a.claims()!.sub);
    expect(b.claims()!.aud).toBe(testClients.productB.id);
    // The hosted session is the `cognito` cookie, HttpOnly and SameSite=Lax.
    const session = (await browser.jar.getCookies(server.baseUrl)).find((c) => c.key === 'cognito');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'lax' });
  });

  it('signs out of the hosted session at /logout, so the next login shows the form again', async () => {
    const { browser } = await login(productA, testClients.productA.callback);
    const logoutUrl = `${server.baseUrl}/logout?client_id=${testClients.productA.id}&logout_uri=${encodeURIComponent('http://localhost:8000/')}&state=ignored`;
    const out = asRedirect(await browser.visit(logoutUrl, 'http://localhost:8000/'));
    expect(out.href).toBe('http://localhost:8000/');
    expect((await browser.jar.getCookies(server.baseUrl)).some((c) => c.key === 'cognito')).toBe(false);
    await login(productA, testClients.productA.callback, browser, true);
  });

  it('serves the JWKS with both keys, Cognito style', async () => {
    const response = await fetch(`${server.issuer}/.well-known/jwks.json`);
    const { keys } = (await response.json()) as { keys: Record<string, string>[] };
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
      expect(key).not.toHaveProperty('d');
    }
  });
});
