import { describe, expect, it } from 'vitest';
import { CognitoStrategy, resolveEndpoints } from '../src/index.ts';

const common = { clientId: 'abc123', redirectURI: 'https://app.example.com/auth/callback' };

describe('endpoints', () => {
  it('derives a real pool: issuer on cognito-idp, OAuth endpoints on the domain', () => {
    expect(
      resolveEndpoints({
        ...common,
        region: 'eu-west-1',
        userPoolId: 'eu-west-1_AbC123',
        domain: 'https://acme.auth.eu-west-1.amazoncognito.com/',
      }),
    ).toEqual({
      issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
      authorization: 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
      logout: 'https://acme.auth.eu-west-1.amazoncognito.com/logout',
      token: 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/token',
      revocation: 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/revoke',
      userInfo: 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/userInfo',
      jwks: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123/.well-known/jwks.json',
      api: 'https://cognito-idp.eu-west-1.amazonaws.com/',
    });
  });

  it('keeps the browser on public URLs and sends server calls through the back channel', () => {
    const endpoints = resolveEndpoints({
      ...common,
      issuer: 'http://localhost:9229/us-east-1_LocalPool',
      hostedUiUrl: 'http://localhost:9229',
      backChannelUrl: 'http://login-server.sso.svc.cluster.local:9229',
    });
    expect(endpoints.issuer).toBe('http://localhost:9229/us-east-1_LocalPool');
    expect(endpoints.authorization).toBe('http://localhost:9229/oauth2/authorize');
    expect(endpoints.logout).toBe('http://localhost:9229/logout');
    expect(endpoints.token).toBe('http://login-server.sso.svc.cluster.local:9229/oauth2/token');
    expect(endpoints.revocation).toBe('http://login-server.sso.svc.cluster.local:9229/oauth2/revoke');
    expect(endpoints.jwks).toBe(
      'http://login-server.sso.svc.cluster.local:9229/us-east-1_LocalPool/.well-known/jwks.json',
    );
    expect(endpoints.api).toBe('http://login-server.sso.svc.cluster.local:9229/');
  });

  it('puts the user API at the issuer’s origin without a back channel', () => {
    const endpoints = resolveEndpoints({
      ...common,
      issuer: 'http://localhost:9229/us-east-1_LocalPool',
      hostedUiUrl: 'http://localhost:9229',
    });
    expect(endpoints.api).toBe('http://localhost:9229/');
  });

  it('names the option that is wrong', () => {
    const pool = { ...common, region: 'us-east-1', userPoolId: 'us-east-1_X1', domain: 'https://d.example.com' };
    expect(() => resolveEndpoints({ ...pool, region: 'mars' })).toThrow(/option "region"/);
    expect(() => resolveEndpoints({ ...pool, userPoolId: 'eu-west-1_X1' })).toThrow(/option "userPoolId"/);
    expect(() => resolveEndpoints({ ...pool, domain: 'not a url' })).toThrow(/option "domain"/);
    expect(() => resolveEndpoints({ ...pool, clientId: '' })).toThrow(/option "clientId"/);
    expect(() => resolveEndpoints({ ...pool, redirectURI: '/relative' })).toThrow(/option "redirectURI"/);
    expect(() =>
      resolveEndpoints({ ...common, issuer: 'ftp://x.example', hostedUiUrl: 'https://d.example.com' }),
    ).toThrow(/option "issuer"/);
  });
});

describe('logout URL and state cookies', () => {
  const strategy = new CognitoStrategy(
    {
      ...common,
      region: 'us-east-1',
      userPoolId: 'us-east-1_X1',
      domain: 'https://d.example.com',
      cookieName: 'a_oauth',
    },
    async () => ({}),
  );

  it("builds Cognito's logout URL, to a logout URI or to sign in again", () => {
    expect(strategy.logoutUrl({ logoutUri: 'https://app.example.com/' })).toBe(
      'https://d.example.com/logout?client_id=abc123&logout_uri=https%3A%2F%2Fapp.example.com%2F',
    );
    const again = new URL(strategy.logoutUrl({ redirectUri: common.redirectURI, scopes: ['openid', 'email'] }));
    expect(Object.fromEntries(again.searchParams)).toEqual({
      client_id: 'abc123',
      redirect_uri: common.redirectURI,
      response_type: 'code',
      scope: 'openid email',
    });
  });

  it('clears only its own state cookies', () => {
    const request = new Request('https://app.example.com/auth/callback', {
      headers: { cookie: 'a_oauth:1=x; a_oauth:2=y; b_oauth:3=z; session=s' },
    });
    expect(strategy.clearStateCookies(request)).toEqual([
      'a_oauth:1=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax',
      'a_oauth:2=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax',
    ]);
  });
});
