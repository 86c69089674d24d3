import { cognitoStrategy, createProductAuth, type ProductAuth, readSettings } from '@sso/product-auth';
import {
  asPage,
  asRedirect,
  Browser,
  type FaultProxy,
  type LoginServerProcess,
  startFaultProxy,
  startLoginServer,
  testDatabase,
} from '@sso/testing';
import { Cookie } from 'tough-cookie';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openProductADatabase, type ProductADatabase, type User } from '../product-a/index.ts';
import { cookiePair, quiet, thrown } from './support/helpers.ts';

const app = 'http://localhost:3998';
const password = 'Corr3ct-horse!';
const pool = {
  clients: [
    {
      clientId: 'product-test',
      clientName: 'Product under test',
      clientSecret: 'product-test-secret',
      callbackUrls: [`${app}/auth/callback`],
      logoutUrls: [`${app}/`],
      allowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
    },
  ],
  users: [
    { email: 'dana@example.com', password, attributes: { name: 'Dana Diaz' } },
    { email: 'carol@example.com', password, emailVerified: false },
  ],
};
const minutes = (n: number) => n * 60 * 1000;

/**
 * The product's sign-in flow through its auth functions (@sso/product-auth) on product A's database,
 * driven end to end against the login server.
 */
describe('product sign-in', () => {
  let server: LoginServerProcess;
  let db: ProductADatabase;
  let auth: ProductAuth<User>;
  let strategy: ReturnType<typeof cognitoStrategy>;
  let clockOffset = 0;
  let refreshes = 0;
  const now = () => new Date(Date.now() + clockOffset);

  const settings = (backChannel?: string) =>
    readSettings({
      PORT: '3998',
      APP_URL: app,
      DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
      SESSION_SECRET: 's'.repeat(40),
      COGNITO_CLIENT_ID: 'product-test',
      COGNITO_CLIENT_SECRET: 'product-test-secret',
      COGNITO_ISSUER: server.issuer,
      COGNITO_HOSTED_UI_URL: server.baseUrl,
      ...(backChannel ? { COGNITO_BACKCHANNEL_URL: backChannel } : {}),
    });

  const makeAuth = (sessionStore = db.sessions, through = strategy) =>
    createProductAuth<User>({
      settings: settings(),
      cookiePrefix: 'test',
      strategy: through,
      accounts: db.accounts,
      sessionStore,
      log: quiet,
      now,
    });

  /** The Set-Cookie that ends the session: the cookie emptied and expired at once. */
  const expectSessionCookieCleared = (setCookies: string[]) => {
    const sessionCookies = setCookies.map((line) => Cookie.parse(line)).filter((c) => c?.key === 'test_session');
    expect(sessionCookies).toHaveLength(1);
    const cleared = sessionCookies[0]!;
    expect(cleared.value).toBe('');
    expect(cleared.maxAge).toBe(0);
    expect(cleared.expires).toEqual(new Date(0));
    expect(cleared.path).toBe('/');
    expect(cleared.httpOnly).toBe(true);
  };

  /** The session store, counting its reads. */
  const countingStore = () => {
    const counted = { ...db.sessions, reads: 0 };
    counted.read = (id) => {
      counted.reads += 1;
      return db.sessions.read(id);
    };
    return counted;
  };

  /** Button → hosted login → callback; returns the session cookie and where the product sent the person. */
  async function signIn(email: string, returnTo = '/account') {
    const start = await thrown(auth.login(new Request(`${app}/auth/login?${new URLSearchParams({ returnTo })}`)));
    if (!(start instanceof Response)) throw new Error(`login did not redirect: ${start}`);
    const cookies = start.headers.getSetCookie().map(cookiePair).join('; ');
    const browser = new Browser();
    const page = asPage(await browser.visit(start.headers.get('location')!, `${app}/auth/callback`));
    const back = asRedirect(
      await browser.submit(page, { username: email, password }, { stopAt: `${app}/auth/callback` }),
    );
    const finished = await auth.callback(new Request(back, { headers: { cookie: cookies } })).catch((e: unknown) => e);
    return { finished, browser };
  }

  async function signedIn(email: string) {
    const { finished, browser } = await signIn(email);
    if (!(finished instanceof Response)) throw new Error(`not signed in: ${JSON.stringify(finished)}`);
    const session = finished.headers.getSetCookie().find((c) => c.startsWith('test_session='))!;
    return {
      response: finished,
      setCookie: session,
      /** The browser that signed in at the hosted login (it holds the login service's session cookie). */
      browser,
      request: () => new Request(`${app}/account`, { headers: { cookie: cookiePair(session) } }),
    };
  }

  /** Where a new sign-in in `browser` lands: the hosted password form, or straight back at the callback. */
  async function newSignIn(browser: Browser): Promise<'password form' | 'callback'> {
    const start = await thrown(auth.login(new Request(`${app}/auth/login`)));
    if (!(start instanceof Response)) throw new Error(`login did not redirect: ${start}`);
    const landed = await browser.visit(start.headers.get('location')!, `${app}/auth/callback`);
    if (landed instanceof URL) return 'callback';
    expect(landed.html).toContain('name="password"');
    return 'password form';
  }

  beforeAll(async () => {
    server = await startLoginServer(pool);
    db = await openProductADatabase(await testDatabase('product_a'));
    strategy = cognitoStrategy(settings(), 'test');
    const refresh = strategy.refresh.bind(strategy);
    strategy.refresh = async (token) => {
      refreshes += 1;
      // A refresh takes a moment (a network round trip): long enough for every loader of a page
      // to have read the session before it lands, whatever the machine's speed.
      await new Promise((resolve) => setTimeout(resolve, 100));
      return refresh(token);
    };
    auth = makeAuth();
  });
  afterAll(async () => {
    await db?.close();
    await server?.stop();
  });
  beforeEach(() => {
    clockOffset = 0;
    refreshes = 0;
  });

  it('reads the session once for all the loaders of a page, and once for requests arriving together', async () => {
    const { request } = await signedIn('dana@example.com');
    const store = countingStore();
    const counted = makeAuth(store);
    // Remix gives each loader its own copy of the Request: one view per HTTP request shares the lookup.
    const page = counted.forRequest();
    const root = await page.optionalUser(request());
    const route = await page.requireUser(request());
    expect(root?.user.email).toBe('dana@example.com');
    expect(route.user.email).toBe('dana@example.com');
    expect(store.reads).toBe(1);
    // A view never answers another cookie from its memory.
    expect(await page.optionalUser(new Request(`${app}/`))).toBeNull();
    // Requests of one session that arrive together share the read in flight; later ones read again.
    await Promise.all([counted.requireUser(request()), counted.requireUser(request())]);
    expect(store.reads).toBe(2);
    await counted.requireUser(request());
    expect(store.reads).toBe(3);
  });

  it('links the legacy row by verified email and goes back to the deep link', async () => {
    const { response, setCookie, request } = await signedIn('dana@example.com');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/account');
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    const { user, session } = await auth.requireUser(request());
    expect(user).toMatchObject({ email: 'dana@example.com', linkMethod: 'VERIFIED_EMAIL', role: 'MEMBER' });
    expect(session.data.tokens.refreshToken).toBeTruthy();
    // The cookie carries a signed id; the tokens stay in the database.
    expect(decodeURIComponent(cookiePair(setCookie))).not.toContain(session.data.tokens.accessToken.slice(0, 20));
    const row = await db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.userId).toBe(user.id);
  });

  it('keeps the session data as JSON in its row and reads it back through its schema', async () => {
    const { request } = await signedIn('dana@example.com');
    const { session } = await auth.requireUser(request());
    expect(session.data.tokens.expiresAt).toBeInstanceOf(Date);
    expect(session.data.signedInAt).toBeInstanceOf(Date);
    const row = await db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.data).toMatchObject({
      sub: session.data.sub,
      tokens: { expiresAt: session.data.tokens.expiresAt.toISOString() },
      signedInAt: session.data.signedInAt.toISOString(),
    });
    // A row whose data does not fit (written by hand, or by other code) is no session.
    await db.prisma.session.update({
      where: { id: session.id },
      data: { data: { ...(row.data as object), tokens: 'x' } },
    });
    expect(await auth.optionalUser(request())).toBeNull();
  });

  it('refreshes once when several loaders ask at the same time', async () => {
    const { request } = await signedIn('dana@example.com');
    const before = await auth.requireUser(request());
    clockOffset = minutes(57);
    const results = await Promise.all(Array.from({ length: 5 }, () => auth.requireUser(request())));
    expect(refreshes).toBe(1);
    const tokens = new Set(results.map((r) => r.session.data.tokens.accessToken));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).not.toBe(before.session.data.tokens.accessToken);
    const row = await db.prisma.session.findUniqueOrThrow({ where: { id: before.session.id } });
    expect(row.version).toBe(1);
  });

  it('lets two instances refresh the same session without losing it', async () => {
    const { request } = await signedIn('dana@example.com');
    const other = makeAuth();
    clockOffset = minutes(57);
    const [a, b] = await Promise.all([auth.requireUser(request()), other.requireUser(request())]);
    expect(a.session.data.tokens.accessToken).toBe(b.session.data.tokens.accessToken);
    const row = await db.prisma.session.findUniqueOrThrow({ where: { id: a.session.id } });
    expect(row.version).toBe(1);
  });

  it('ends the session when the refresh token was revoked', async () => {
    const { request } = await signedIn('dana@example.com');
    const { session } = await auth.requireUser(request());
    await strategy.revoke(session.data.tokens.refreshToken!);
    clockOffset = minutes(57);
    const redirected = await thrown(auth.requireUser(request()));
    expect(redirected).toBeInstanceOf(Response);
    expect((redirected as Response).headers.get('location')).toBe('/auth/login?returnTo=%2Faccount');
    expectSessionCookieCleared((redirected as Response).headers.getSetCookie());
    expect(await db.prisma.session.findUnique({ where: { id: session.id } })).toBeNull();
  });

  it('refuses to link a row to an unverified email, with a page that says so', async () => {
    const { finished } = await signIn('carol@example.com');
    expect(finished).toMatchObject({ failure: 'email_unverified' });
    const carol = await db.prisma.user.findUniqueOrThrow({ where: { email: 'carol@example.com' } });
    expect(carol.identitySub).toBeNull();
  });

  it('explains a callback that is not the login service’s answer', async () => {
    const result = await auth.callback(new Request(`${app}/auth/callback`));
    expect(result.failure).toBe('state_mismatch');
  });

  it('signs out of this product only', async () => {
    const { request } = await signedIn('dana@example.com');
    const { session } = await auth.requireUser(request());
    const out = (await thrown(auth.logout(request()))) as Response;
    expect(out.headers.get('location')).toBe('/');
    expect(await db.prisma.session.findUnique({ where: { id: session.id } })).toBeNull();
    expect(await auth.optionalUser(request())).toBeNull();
  });

  it('signs out everywhere: tokens revoked, hosted session ended', async () => {
    const { request, browser } = await signedIn('dana@example.com');
    const { session } = await auth.requireUser(request());
    // While the hosted session lives, a new sign-in in this browser needs no password.
    expect(await newSignIn(browser)).toBe('callback');

    const out = (await thrown(auth.logoutEverywhere(request()))) as Response;
    expect(out.status).toBe(302);
    expectSessionCookieCleared(out.headers.getSetCookie());
    const location = new URL(out.headers.get('location')!);
    expect(location.href).toBe(
      `${server.baseUrl}/logout?client_id=product-test&logout_uri=${encodeURIComponent(`${app}/`)}`,
    );
    expect(await thrown(strategy.refresh(session.data.tokens.refreshToken!))).toMatchObject({
      code: 'invalid_grant',
    });
    expect(await db.prisma.session.findUnique({ where: { id: session.id } })).toBeNull();

    // The browser follows the hosted logout back to the product; the next sign-in asks for the password.
    const back = await browser.visit(location.href, `${app}/`);
    expect(back).toEqual(new URL(`${app}/`));
    expect(await newSignIn(browser)).toBe('password form');
  });

  describe('when a refresh fails', () => {
    let proxy: FaultProxy;
    /** This product's auth reaching the login server through the proxy, as after a restart (no keys cached). */
    const restarted = () => makeAuth(db.sessions, cognitoStrategy(settings(proxy.url), 'test'));

    beforeAll(async () => {
      proxy = await startFaultProxy(server.listenUrl);
    });
    beforeEach(() => proxy.reset());
    afterAll(() => proxy?.close());

    it.each([
      ['the login service’s keys are unavailable', () => Object.assign(proxy.faults, { jwks: 'unavailable' })],
      ['the login service’s keys are not a JWKS', () => Object.assign(proxy.faults, { jwks: 'not-a-jwks' })],
      ['the login service is down', () => Object.assign(proxy.faults, { down: true })],
    ])('keeps the session while the access token lives when %s', async (_, fault) => {
      const { request } = await signedIn('dana@example.com');
      const before = await auth.requireUser(request());
      fault();
      clockOffset = minutes(57);
      const kept = await restarted().requireUser(request());
      expect(kept.user.email).toBe('dana@example.com');
      expect(kept.session.data.tokens.accessToken).toBe(before.session.data.tokens.accessToken);
      expect(proxy.seen.length).toBeGreaterThan(0);
      // Once the access token has expired, the session cannot be kept any longer.
      clockOffset = minutes(61);
      const ended = await thrown(restarted().requireUser(request()));
      expect(ended).toBeInstanceOf(Response);
      expectSessionCookieCleared((ended as Response).headers.getSetCookie());
    });

    it('keeps the session while the access token lives when refreshing fails on this side', async () => {
      const { request } = await signedIn('dana@example.com');
      const broken = cognitoStrategy(settings(), 'test');
      broken.refresh = async () => {
        throw new TypeError('Cannot read properties of undefined');
      };
      const faulty = makeAuth(db.sessions, broken);
      clockOffset = minutes(57);
      expect((await faulty.requireUser(request())).user.email).toBe('dana@example.com');
      clockOffset = minutes(61);
      expect(await thrown(faulty.requireUser(request()))).toBeInstanceOf(Response);
    });

    it('ends the session when the refreshed ID token fails verification', async () => {
      const { request } = await signedIn('dana@example.com');
      const { session } = await auth.requireUser(request());
      proxy.faults.tamperIdToken = true;
      clockOffset = minutes(57);
      const ended = await thrown(restarted().requireUser(request()));
      expect(ended).toBeInstanceOf(Response);
      expect((ended as Response).headers.get('location')).toBe('/auth/login?returnTo=%2Faccount');
      expectSessionCookieCleared((ended as Response).headers.getSetCookie());
      expect(proxy.seen).toContain('/oauth2/token');
      expect(await db.prisma.session.findUnique({ where: { id: session.id } })).toBeNull();
    });
  });
});
