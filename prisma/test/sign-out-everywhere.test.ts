import { cognitoStrategy, createProductAuth, type ProductAuth, readSettings } from '@sso/product-auth';
import {
  asPage,
  asRedirect,
  Browser,
  type FaultProxy,
  type LoginServerProcess,
  productClient,
  startFaultProxy,
  startLoginServer,
  testDatabase,
} from '@sso/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openProductADatabase, type ProductADatabase, type User } from '../product-a/index.ts';
import { cookiePair, quiet, thrown } from './support/helpers.ts';

/*
 * One sign-out for every product: "sign out everywhere" on one product calls Cognito's
 * GlobalSignOut, and every other product ends its session at its next check with the login
 * service (GetUser), at most once a minute. These need the login server's user API (GetUser,
 * GlobalSignOut), which real Cognito has.
 */

const here = 'http://localhost:3997';
const elsewhere = 'http://localhost:3996';
const password = 'Corr3ct-horse!';
const pool = {
  clients: [productClient('product-here', here), productClient('product-elsewhere', elsewhere)],
  users: [{ email: 'dana@example.com', password, attributes: { name: 'Dana Diaz' } }],
};
const seconds = (n: number) => n * 1000;

describe('one sign-out for every product', () => {
  let server: LoginServerProcess;
  let db: ProductADatabase;
  let proxy: FaultProxy;
  let clockOffset = 0;
  /** GetUser calls this product made, through any of its instances. */
  let checks = 0;
  const now = () => new Date(Date.now() + clockOffset);

  const settings = (id: string, url: string, backChannel?: string) =>
    readSettings({
      PORT: '3997',
      APP_URL: url,
      DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
      SESSION_SECRET: 's'.repeat(40),
      COGNITO_CLIENT_ID: id,
      COGNITO_CLIENT_SECRET: `${id}-secret`,
      COGNITO_ISSUER: server.issuer,
      COGNITO_HOSTED_UI_URL: server.baseUrl,
      ...(backChannel ? { COGNITO_BACKCHANNEL_URL: backChannel } : {}),
    });

  /** An instance of this product; every instance reaches the login server through the fault proxy. */
  const instance = (): ProductAuth<User> => {
    const strategy = cognitoStrategy(settings('product-here', here, proxy.url), 'here');
    const getUser = strategy.getUser.bind(strategy);
    strategy.getUser = async (token) => {
      checks += 1;
      return getUser(token);
    };
    return createProductAuth<User>({
      settings: settings('product-here', here, proxy.url),
      cookiePrefix: 'here',
      strategy,
      accounts: db.accounts,
      sessionStore: db.sessions,
      log: quiet,
      now,
    });
  };

  /** The other product (its own client and sessions), straight to the login server. */
  let other: ProductAuth<User>;

  /** Signs in on `auth` in `browser`: the hosted form the first time, straight back with the hosted session after. */
  async function signIn(auth: ProductAuth<User>, url: string, browser: Browser) {
    const start = await thrown(auth.login(new Request(`${url}/auth/login?returnTo=%2Faccount`)));
    if (!(start instanceof Response)) throw new Error(`login did not redirect: ${start}`);
    const stateCookies = start.headers.getSetCookie().map(cookiePair).join('; ');
    const landed = await browser.visit(start.headers.get('location')!, `${url}/auth/callback`);
    const back =
      landed instanceof URL
        ? landed
        : asRedirect(
            await browser.submit(
              asPage(landed),
              { username: 'dana@example.com', password },
              { stopAt: `${url}/auth/callback` },
            ),
          );
    const finished = await thrown(auth.callback(new Request(back, { headers: { cookie: stateCookies } })));
    if (!(finished instanceof Response)) throw new Error(`not signed in: ${JSON.stringify(finished)}`);
    const session = cookiePair(finished.headers.getSetCookie().find((c) => c.includes('_session='))!);
    return () => new Request(`${url}/account`, { headers: { cookie: session } });
  }

  /** Signed in to both products in one browser; `request` is a page of this product. */
  async function signedInToBoth() {
    const browser = new Browser();
    const request = await signIn(instance(), here, browser);
    const otherRequest = await signIn(other, elsewhere, browser);
    return { request, otherRequest };
  }

  const sessionRow = async (request: () => Request, auth = instance()) => {
    const { session } = await auth.requireUser(request());
    return db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
  };

  const expectSignedOut = async (auth: ProductAuth<User>, request: () => Request) => {
    const redirected = await thrown(auth.requireUser(request()));
    expect(redirected).toBeInstanceOf(Response);
    expect((redirected as Response).headers.get('location')).toBe('/auth/login?returnTo=%2Faccount');
    expect((redirected as Response).headers.getSetCookie().join()).toMatch(/here_session=;/);
  };

  beforeAll(async () => {
    server = await startLoginServer(pool);
    proxy = await startFaultProxy(server.listenUrl);
    db = await openProductADatabase(await testDatabase('product_a'));
    other = createProductAuth<User>({
      settings: settings('product-elsewhere', elsewhere),
      cookiePrefix: 'elsewhere',
      accounts: db.accounts,
      sessionStore: db.sessions,
      log: quiet,
    });
  });
  afterAll(async () => {
    await proxy?.close();
    await db?.close();
    await server?.stop();
  });
  beforeEach(() => {
    proxy.reset();
    clockOffset = 0;
    checks = 0;
  });

  it('re-checks a session with the login service at most once a minute, across instances', async () => {
    const { request } = await signedInToBoth();
    const [first, second] = [instance(), instance()];
    // The sign-in itself was the login service vouching: nothing to ask for a minute.
    clockOffset = seconds(59);
    await first.requireUser(request());
    await second.requireUser(request());
    expect(checks).toBe(0);
    const before = await sessionRow(request, first);

    // Due: requests arriving together at two instances ask once.
    clockOffset = seconds(61);
    const pages = await Promise.all([
      ...Array.from({ length: 4 }, () => first.requireUser(request())),
      ...Array.from({ length: 4 }, () => second.requireUser(request())),
    ]);
    expect(pages.every((page) => page.user.email === 'dana@example.com')).toBe(true);
    expect(checks).toBe(1);
    expect(proxy.seen.filter((path) => path === '/')).toHaveLength(1);
    const after = await sessionRow(request, first);
    expect(after.version).toBe(before.version + 1);
    expect(new Date((after.data as { checkedAt: string }).checkedAt).getTime()).toBeGreaterThan(
      new Date((before.data as { checkedAt: string }).checkedAt).getTime() + seconds(60),
    );

    // Not again within the minute, whichever instance serves the page; again once it has passed.
    clockOffset = seconds(119);
    await second.requireUser(request());
    await instance().requireUser(request());
    expect(checks).toBe(1);
    clockOffset = seconds(122);
    await second.requireUser(request());
    expect(checks).toBe(2);
  });

  it('ends the session at its next check once the person signed out everywhere in another product', async () => {
    const { request, otherRequest } = await signedInToBoth();
    const auth = instance();
    const row = await sessionRow(request, auth);

    const out = await thrown(other.logoutEverywhere(otherRequest()));
    expect((out as Response).headers.get('location')).toMatch(/\/logout\?client_id=product-elsewhere/);

    // Until the check is due, the page is served from the product's own session.
    clockOffset = seconds(30);
    expect((await auth.requireUser(request())).user.email).toBe('dana@example.com');
    expect(checks).toBe(0);
    // Then the login service says the token is revoked: the session ends, row and cookie.
    clockOffset = seconds(61);
    await expectSignedOut(auth, request);
    expect(checks).toBe(1);
    expect(await db.prisma.session.findUnique({ where: { id: row.id } })).toBeNull();
  });

  it('revokes every refresh token of the person with GlobalSignOut', async () => {
    const { request, otherRequest } = await signedInToBoth();
    const auth = instance();
    const { session } = await auth.requireUser(request());
    await thrown(other.logoutEverywhere(otherRequest()));
    const strategy = cognitoStrategy(settings('product-here', here), 'here');
    expect(await thrown(strategy.refresh(session.data.tokens.refreshToken!))).toMatchObject({ code: 'invalid_grant' });
    expect(await thrown(strategy.getUser(session.data.tokens.accessToken))).toMatchObject({ code: 'invalid_grant' });
  });

  it.for<[string, () => unknown]>([
    ['down', () => Object.assign(proxy.faults, { down: true })],
    ['answering 500', () => Object.assign(proxy.faults, { apiStatus: 500 })],
    ['answering 503', () => Object.assign(proxy.faults, { apiStatus: 503 })],
  ])('keeps the session when the login service is %s, and asks again a minute later', async ([, fault]) => {
    const { request, otherRequest } = await signedInToBoth();
    const auth = instance();
    // Signed out everywhere, but the login service cannot say so when the check is due.
    await thrown(other.logoutEverywhere(otherRequest()));
    fault();
    clockOffset = seconds(61);
    expect((await auth.requireUser(request())).user.email).toBe('dana@example.com');
    expect(checks).toBe(1);
    // Not on every page meanwhile.
    clockOffset = seconds(90);
    expect((await auth.requireUser(request())).user.email).toBe('dana@example.com');
    expect(checks).toBe(1);
    // Once it answers again, the next due check ends the session.
    proxy.reset();
    clockOffset = seconds(122);
    await expectSignedOut(auth, request);
    expect(checks).toBe(2);
  });

  it('keeps a session that the login service still vouches for', async () => {
    const { request } = await signedInToBoth();
    const auth = instance();
    clockOffset = seconds(61);
    expect((await auth.requireUser(request())).user.email).toBe('dana@example.com');
    expect(checks).toBe(1);
    expect(proxy.seen).toContain('/');
  });

  it('keeps the tokens of a refresh that raced another instance’s session check', async () => {
    const { request } = await signedInToBoth();
    const auth = instance();
    const { session } = await auth.requireUser(request());
    const strategy = cognitoStrategy(settings('product-here', here), 'here');
    const refresh = strategy.refresh.bind(strategy);
    strategy.refresh = async (token) => {
      const result = await refresh(token);
      // While the refresh was on its way, another instance claimed the session's check.
      const row = (await db.sessions.read(session.id))!;
      const data = { ...(row.data as Record<string, unknown>), checkedAt: now().toISOString() };
      expect(
        await db.sessions.update(
          session.id,
          { userId: row.user?.id ?? null, data, expiresAt: row.expiresAt },
          row.version,
        ),
      ).toBe(true);
      return result;
    };
    const racing = createProductAuth<User>({
      settings: settings('product-here', here),
      cookiePrefix: 'here',
      strategy,
      accounts: db.accounts,
      sessionStore: db.sessions,
      log: quiet,
      now,
    });
    clockOffset = seconds(57 * 60);
    const refreshed = await racing.requireUser(request());
    expect(refreshed.session.data.tokens.accessToken).not.toBe(session.data.tokens.accessToken);
    const row = await db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect((row.data as { tokens: { accessToken: string } }).tokens.accessToken).toBe(
      refreshed.session.data.tokens.accessToken,
    );
  });
});
