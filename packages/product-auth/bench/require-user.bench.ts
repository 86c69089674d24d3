import { accountStore, openProductADatabase, type ProductADatabase, type User } from '@sso/product-db/product-a';
import { asPage, asRedirect, Browser, type LoginServerProcess, startLoginServer } from '@sso/testing';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { createProductAuth, type ProductAuth } from '../src/auth.server.ts';
import { createCognitoProvider } from '../src/cognito.server.ts';
import { readSettings } from '../src/settings.server.ts';

/**
 * What every page of a product pays: reading the session (embedded PGlite) and its user. Target on
 * 2 cores: requireUser ≥ 500/s (about 800/s measured). The hooks sit at the top of the file: Vitest's bench mode does not
 * run hooks inside `describe`.
 */
const app = 'http://localhost:3997';
let server: LoginServerProcess;
let db: ProductADatabase;
let auth: ProductAuth<User>;
let signedIn: Request;

beforeAll(async () => {
  server = await startLoginServer({
    clients: [
      {
        clientId: 'bench',
        clientName: 'Bench',
        clientSecret: 'bench-secret-0001',
        callbackUrls: [`${app}/auth/callback`],
        allowedOAuthScopes: ['openid', 'email', 'profile'],
      },
    ],
    users: [{ email: 'dana@example.com', password: 'Corr3ct-horse!' }],
  });
  db = await openProductADatabase('pglite:memory');
  const settings = readSettings({
    PORT: '3997',
    APP_URL: app,
    DATABASE_URL: 'pglite:memory',
    SESSION_SECRET: 's'.repeat(40),
    COGNITO_CLIENT_ID: 'bench',
    COGNITO_CLIENT_SECRET: 'bench-secret-0001',
    COGNITO_ISSUER: server.issuer,
    COGNITO_HOSTED_UI_URL: server.baseUrl,
  });
  auth = createProductAuth<User>({
    settings,
    cookiePrefix: 'bench',
    provider: createCognitoProvider(settings, 'bench'),
    accounts: accountStore(db),
    findUser: (id) => db.prisma.user.findUnique({ where: { id } }),
    sessionStore: db.sessions,
    log: { info() {}, warn() {} },
  });
  const start = (await auth.login(new Request(`${app}/auth/login`)).catch((r: Response) => r)) as Response;
  const browser = new Browser();
  const page = asPage(await browser.visit(start.headers.get('location')!, `${app}/auth/callback`));
  const back = asRedirect(
    await browser.submit(
      page,
      { username: 'dana@example.com', password: 'Corr3ct-horse!' },
      { stopAt: `${app}/auth/callback` },
    ),
  );
  const cookies = start.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const done = (await auth
    .callback(new Request(back, { headers: { cookie: cookies } }))
    .catch((r: Response) => r)) as Response;
  const session = done.headers
    .getSetCookie()
    .find((c) => c.startsWith('bench_session='))!
    .split(';')[0]!;
  signedIn = new Request(`${app}/account`, { headers: { cookie: session } });
});
afterAll(async () => {
  await db?.close();
  await server?.stop();
});

describe('product sessions', () => {
  bench('requireUser with a live session', async () => {
    await auth.requireUser(signedIn);
  });
});
