import {
  asPage,
  asRedirect,
  Browser,
  type FaultProxy,
  freePort,
  type LoginServerProcess,
  startFaultProxy,
  startLoginServer,
} from '@sso/testing';
import { JwtInvalidSignatureError } from 'aws-jwt-verify/error';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CognitoAuthError, type CognitoProfile, CognitoStrategy, type CognitoTokens } from '../src/index.ts';

const app = 'http://localhost:3999';
const callback = `${app}/auth/callback`;
const password = 'Corr3ct-horse!';
const clients = {
  plain: { id: 'app', secret: 'app-secret-0001' },
  rotating: { id: 'rotating-app', secret: 'rotating-secret-0001' },
  api: { id: 'api-app', secret: 'api-secret-0001' },
};
const apiScopes = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'];

const pool = {
  clients: [
    {
      clientId: clients.plain.id,
      clientName: 'App',
      clientSecret: clients.plain.secret,
      callbackUrls: [callback],
      logoutUrls: [`${app}/`],
      allowedOAuthScopes: ['openid', 'email', 'profile'],
    },
    {
      clientId: clients.rotating.id,
      clientName: 'Rotating app',
      clientSecret: clients.rotating.secret,
      callbackUrls: [callback],
      allowedOAuthScopes: ['openid', 'email', 'profile'],
      refreshTokenRotation: { enabled: true, retryGracePeriodSeconds: 0 },
    },
    {
      clientId: clients.api.id,
      clientName: 'App using the user API',
      clientSecret: clients.api.secret,
      callbackUrls: [callback],
      allowedOAuthScopes: apiScopes,
    },
  ],
  users: [{ email: 'alice@example.com', password, attributes: { name: 'Alice Example' } }],
};

type Result = { profile: CognitoProfile; tokens: CognitoTokens };
const thrown = async (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

/** A sign-in begun: the redirect to the hosted UI and the state cookie the browser would send back. */
async function begin(strategy: CognitoStrategy<Result>) {
  const response = await thrown(strategy.authenticate(new Request(`${app}/auth/login`)));
  if (!(response instanceof Response)) throw new Error(`expected a redirect, got ${response}`);
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { location: new URL(response.headers.get('location')!), cookie: setCookie.split(';')[0]!, setCookie };
}

/** Signs in on the hosted page and returns the callback URL with the code. */
async function hostedSignIn(location: URL | string, browser = new Browser()) {
  const page = asPage(await browser.visit(String(location), callback));
  return asRedirect(await browser.submit(page, { username: 'alice@example.com', password }, { stopAt: callback }));
}

describe('CognitoStrategy against the login server', () => {
  let server: LoginServerProcess;
  let strategy: CognitoStrategy<Result>;
  /** A strategy for `client`; `verify` is the app's callback (by default it keeps the profile and tokens). */
  const make = (
    client = clients.plain,
    extra: Partial<ConstructorParameters<typeof CognitoStrategy>[0]> = {},
    verify: ConstructorParameters<typeof CognitoStrategy<Result>>[1] = async ({ profile, tokens }) => ({
      profile,
      tokens,
    }),
  ) =>
    new CognitoStrategy<Result>(
      {
        issuer: server.issuer,
        hostedUiUrl: server.baseUrl,
        clientId: client.id,
        clientSecret: client.secret,
        redirectURI: callback,
        cookieName: 'app_oauth',
        ...extra,
      },
      verify,
    );
  /** A fault proxy in front of the login server for the enclosing block, its faults cleared before each test. */
  const useFaultProxy = (): FaultProxy => {
    const proxy = {} as FaultProxy;
    beforeAll(async () => {
      Object.assign(proxy, await startFaultProxy(server.listenUrl));
    });
    beforeEach(() => proxy.reset());
    afterAll(() => proxy.close?.());
    return proxy;
  };

  beforeAll(async () => {
    server = await startLoginServer(pool);
    strategy = make();
  });
  afterAll(() => server?.stop());

  it('sends the browser to the hosted UI with PKCE S256, state and nonce', async () => {
    const { location, setCookie } = await begin(strategy);
    expect(location.origin + location.pathname).toBe(`${server.baseUrl}/oauth2/authorize`);
    const params = Object.fromEntries(location.searchParams);
    expect(params).toMatchObject({
      response_type: 'code',
      client_id: clients.plain.id,
      redirect_uri: callback,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    expect(params.state).toMatch(/^[\w-]{20,}$/);
    expect(params.nonce).toMatch(/^[\w-]{40,}$/);
    expect(params.code_challenge).toMatch(/^[\w-]{43}$/);
    expect(setCookie).toMatch(/^app_oauth:[\w-]+=.+; .*HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
  });

  it('hands the redirect that starts a sign-in to the app, to add its own headers', async () => {
    const response = await strategy.authorizationRedirect();
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(`${server.baseUrl}/oauth2/authorize`);
    expect(location.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(response.headers.get('set-cookie')).toMatch(/^app_oauth:[\w-]+=.+; .*HttpOnly/i);
    response.headers.append('Set-Cookie', 'app_return_to=%2Faccount');
    expect(response.headers.getSetCookie()).toHaveLength(2);
  });

  it('finishes the sign-in with a verified, typed profile', async () => {
    const { location, cookie } = await begin(strategy);
    const back = await hostedSignIn(location);
    const { profile, tokens } = await strategy.authenticate(new Request(back, { headers: { cookie } }));
    expect(profile).toMatchObject({ email: 'alice@example.com', emailVerified: true, name: 'Alice Example' });
    expect(profile.sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(profile.username).toBe(profile.sub);
    expect(profile.claims).toMatchObject({
      token_use: 'id',
      aud: clients.plain.id,
      nonce: location.searchParams.get('nonce'),
    });
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.expiresAt.getTime()).toBeGreaterThan(Date.now() + 50 * 60 * 1000);
  });

  it('refuses a tampered state, a missing state cookie and a replayed code', async () => {
    const { location, cookie } = await begin(strategy);
    const back = await hostedSignIn(location);
    const tampered = new URL(back);
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);
    expect(await thrown(strategy.authenticate(new Request(tampered, { headers: { cookie } })))).toMatchObject({
      code: 'state_mismatch',
    });
    expect(await thrown(strategy.authenticate(new Request(back)))).toMatchObject({ code: 'state_mismatch' });

    await strategy.authenticate(new Request(back, { headers: { cookie } }));
    const replay = await thrown(strategy.authenticate(new Request(back, { headers: { cookie } })));
    expect(replay).toBeInstanceOf(CognitoAuthError);
    expect(replay).toMatchObject({ code: 'invalid_grant' });
  });

  it('reports an error from the hosted UI, such as access_denied', async () => {
    const { location, cookie } = await begin(strategy);
    const denied = new URL(callback);
    denied.searchParams.set('error', 'access_denied');
    denied.searchParams.set('state', location.searchParams.get('state')!);
    expect(await thrown(strategy.authenticate(new Request(denied, { headers: { cookie } })))).toMatchObject({
      code: 'access_denied',
    });
  });

  it('refuses an ID token whose nonce is not this sign-in’s', async () => {
    const { location, cookie } = await begin(strategy);
    location.searchParams.set('nonce', 'a-nonce-from-somewhere-else');
    const back = await hostedSignIn(location);
    const error = await thrown(strategy.authenticate(new Request(back, { headers: { cookie } })));
    expect(error).toMatchObject({ code: 'id_token_invalid', message: expect.stringMatching(/nonce/) });
  });

  it('refreshes (keeping the refresh token without rotation), then revokes', async () => {
    const { location, cookie } = await begin(strategy);
    const first = await strategy.authenticate(new Request(await hostedSignIn(location), { headers: { cookie } }));
    const refreshed = await strategy.refresh(first.tokens.refreshToken!);
    expect(refreshed.tokens.refreshToken).toBe(first.tokens.refreshToken);
    expect(refreshed.tokens.idToken).not.toBe(first.tokens.idToken);
    expect(refreshed.profile.sub).toBe(first.profile.sub);
    expect(refreshed.profile.authTime).toBe(first.profile.authTime);

    await strategy.revoke(first.tokens.refreshToken!);
    expect(await thrown(strategy.refresh(first.tokens.refreshToken!))).toMatchObject({ code: 'invalid_grant' });
    expect(await thrown(strategy.userInfo(refreshed.tokens.accessToken))).toMatchObject({ code: 'invalid_grant' });
  });

  it('takes the new refresh token when the client rotates them', async () => {
    const rotating = make(clients.rotating);
    const { location, cookie } = await begin(rotating);
    const first = await rotating.authenticate(new Request(await hostedSignIn(location), { headers: { cookie } }));
    const refreshed = await rotating.refresh(first.tokens.refreshToken!);
    expect(refreshed.tokens.refreshToken).toBeTruthy();
    expect(refreshed.tokens.refreshToken).not.toBe(first.tokens.refreshToken);
  });

  it("reports the verify callback's own failure as unexpected, keeping it as the cause", async () => {
    const failing = make(clients.plain, {}, async () => {
      throw new Error('database is down');
    });
    const { location, cookie } = await begin(failing);
    const error = await thrown(
      failing.authenticate(new Request(await hostedSignIn(location), { headers: { cookie } })),
    );
    expect(error).toMatchObject({ code: 'unexpected', cause: { message: 'database is down' } });
  });

  it.each([
    ['ReferenceError', () => new ReferenceError('profile is not defined')],
    ['RangeError', () => new RangeError('Invalid time value')],
  ])('reports a %s from the verify callback as unexpected, not as an expired sign-in link', async (_, bug) => {
    const buggy = make(clients.plain, {}, async () => {
      throw bug();
    });
    const { location, cookie } = await begin(buggy);
    const error = await thrown(buggy.authenticate(new Request(await hostedSignIn(location), { headers: { cookie } })));
    expect(error).toBeInstanceOf(CognitoAuthError);
    expect(error).toMatchObject({ code: 'unexpected', cause: { name: bug().name, message: bug().message } });
  });

  it('passes on what the verify callback chose to throw', async () => {
    const redirecting = make(clients.plain, {}, async () => {
      throw new Response(null, { status: 302, headers: { location: '/welcome' } });
    });
    const { location, cookie } = await begin(redirecting);
    const thrownBack = await thrown(
      redirecting.authenticate(new Request(await hostedSignIn(location), { headers: { cookie } })),
    );
    expect(thrownBack).toBeInstanceOf(Response);
    expect((thrownBack as Response).headers.get('location')).toBe('/welcome');
  });

  it('offers one way to refresh and revoke: its own, verified', () => {
    // remix-auth-oauth2's unverified refreshToken/revokeToken are not part of it.
    // @ts-expect-error not on the public type
    expect(strategy.refreshToken).toBeUndefined();
    // @ts-expect-error not on the public type
    expect(strategy.revokeToken).toBeUndefined();
    expect(typeof strategy.refresh).toBe('function');
    expect(typeof strategy.revoke).toBe('function');
  });

  it('builds a logout URL the login server accepts', async () => {
    const response = await fetch(strategy.logoutUrl({ logoutUri: `${app}/` }), { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${app}/`);
  });

  describe('through a back channel', () => {
    const proxy = useFaultProxy();
    const through = (client = clients.plain) => make(client, { backChannelUrl: proxy.url });
    /** Signs in through the proxy with nothing wrong, and returns the tokens. */
    const signedIn = async () => {
      const healthy = through();
      const { location, cookie } = await begin(healthy);
      return healthy.authenticate(new Request(await hostedSignIn(location), { headers: { cookie } }));
    };

    it('exchanges the code and fetches keys through it, still checking the public issuer', async () => {
      const internal = through();
      const { location, cookie } = await begin(internal);
      expect(location.origin).toBe(server.baseUrl);
      const { profile } = await internal.authenticate(
        new Request(await hostedSignIn(location), { headers: { cookie } }),
      );
      expect(profile.claims.iss).toBe(server.issuer);
      expect(proxy.seen).toEqual(
        expect.arrayContaining(['/oauth2/token', '/us-east-1_LocalPool/.well-known/jwks.json']),
      );
    });

    it('reports an unreachable login server', async () => {
      const nowhere = make(clients.plain, { backChannelUrl: `http://127.0.0.1:${await freePort()}` });
      const { location, cookie } = await begin(nowhere);
      const error = await thrown(
        nowhere.authenticate(new Request(await hostedSignIn(location), { headers: { cookie } })),
      );
      expect(error).toMatchObject({ code: 'login_server_unreachable' });
    });

    // Keys that cannot be had say nothing about the token: the login service is unavailable.
    it.each([
      ['answer 503', 'unavailable'],
      ['connection is dropped', 'dropped'],
      ['answer is not a JWKS', 'not-a-jwks'],
    ] as const)(
      'reports the login service unavailable when the keys %s, at sign-in and at refresh',
      async (_, fault) => {
        const first = await signedIn();
        proxy.faults.jwks = fault;
        // A new strategy has no keys cached, as after a restart.
        const fresh = through();
        const { location, cookie } = await begin(fresh);
        const signIn = await thrown(
          fresh.authenticate(new Request(await hostedSignIn(location), { headers: { cookie } })),
        );
        expect(signIn).toMatchObject({ code: 'login_server_unreachable', message: expect.stringMatching(/JWKS/) });
        expect(await thrown(through().refresh(first.tokens.refreshToken!))).toMatchObject({
          code: 'login_server_unreachable',
        });
        expect(proxy.seen).toContain('/us-east-1_LocalPool/.well-known/jwks.json');
      },
    );

    it('reports an ID token whose signature does not match as invalid, at sign-in and at refresh', async () => {
      const first = await signedIn();
      proxy.faults.tamperIdToken = true;
      const strategy = through();
      const { location, cookie } = await begin(strategy);
      const signIn = await thrown(
        strategy.authenticate(new Request(await hostedSignIn(location), { headers: { cookie } })),
      );
      expect(signIn).toMatchObject({ code: 'id_token_invalid', cause: expect.any(JwtInvalidSignatureError) });
      expect(await thrown(strategy.refresh(first.tokens.refreshToken!))).toMatchObject({
        code: 'id_token_invalid',
        cause: expect.any(JwtInvalidSignatureError),
      });
    });

    it.each([
      ['temporarily_unavailable', 'login_server_unreachable'],
      ['server_error', 'login_server_unreachable'],
      ['invalid_grant', 'invalid_grant'],
      ['invalid_client', 'invalid_client'],
      ['invalid_request', 'access_denied'],
    ])('reports the token endpoint’s %s at refresh as %s', async (oauthError, code) => {
      const first = await signedIn();
      proxy.faults.tokenError = oauthError;
      expect(await thrown(through().refresh(first.tokens.refreshToken!))).toMatchObject({ code });
    });

    it('reports the login service down at refresh as unreachable', async () => {
      const first = await signedIn();
      proxy.faults.down = true;
      expect(await thrown(through().refresh(first.tokens.refreshToken!))).toMatchObject({
        code: 'login_server_unreachable',
      });
    });
  });

  describe('Cognito’s user API', () => {
    const proxy = useFaultProxy();
    /** Signs in with the user API's scope (or without it), through the fault proxy. */
    const signedIn = async (client = clients.api, scopes = apiScopes) => {
      const app = make(client, { backChannelUrl: proxy.url, scopes });
      const { location, cookie } = await begin(app);
      return { app, ...(await app.authenticate(new Request(await hostedSignIn(location), { headers: { cookie } }))) };
    };

    it('says who the access token speaks for, at the issuer’s origin through the back channel', async () => {
      const { app, profile, tokens } = await signedIn();
      const user = await app.getUser(tokens.accessToken);
      expect(user.username).toBe(profile.username);
      expect(user.attributes).toMatchObject({ sub: profile.sub, email: 'alice@example.com' });
      expect(proxy.seen).toContain('/');
    });

    it('signs the person out of every sign-in: its tokens are refused at GetUser and refresh', async () => {
      const { app, tokens } = await signedIn();
      const other = await signedIn();
      await app.globalSignOut(tokens.accessToken);
      expect(await thrown(other.app.getUser(other.tokens.accessToken))).toMatchObject({ code: 'invalid_grant' });
      expect(await thrown(other.app.refresh(other.tokens.refreshToken!))).toMatchObject({ code: 'invalid_grant' });
      expect(await thrown(app.getUser(tokens.accessToken))).toMatchObject({
        code: 'invalid_grant',
        message: expect.stringMatching(/NotAuthorizedException: Access Token has been revoked/),
      });
    });

    it('tells a token without the scope from a refused one', async () => {
      const { app, tokens } = await signedIn(clients.plain, ['openid', 'email', 'profile']);
      expect(await thrown(app.getUser(tokens.accessToken))).toMatchObject({ code: 'invalid_client' });
    });

    it.for<[string, () => unknown]>([
      ['down', () => Object.assign(proxy.faults, { down: true })],
      ['answering 500', () => Object.assign(proxy.faults, { apiStatus: 500 })],
    ])('reports the login service %s as unreachable', async ([, fault]) => {
      const { app, tokens } = await signedIn();
      fault();
      expect(await thrown(app.getUser(tokens.accessToken))).toMatchObject({ code: 'login_server_unreachable' });
      expect(await thrown(app.globalSignOut(tokens.accessToken))).toMatchObject({ code: 'login_server_unreachable' });
    });
  });
});
