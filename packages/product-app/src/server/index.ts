import { readdirSync } from 'node:fs';
import path from 'node:path';
import { createRequestHandler } from '@remix-run/express';
import type { AppLoadContext, ServerBuild } from '@remix-run/node';
import type { AccountStore, BindableRow } from '@sso/account-binding';
import {
  createCognitoProvider,
  createProductAuth,
  defaults,
  type ProductSettings,
  readSettings,
  type SessionStore,
} from '@sso/product-auth';
import { closeServer, createLogger, listen, readMigrationSettings, runService } from '@sso/service';
import express from 'express';
import type { Logger } from 'pino';
import type { ProductContext } from '../context.ts';

/** A product's database as the server needs it (see @sso/product-db). */
export interface ProductDatabaseHandle<User> {
  sessions: SessionStore<User>;
  location: string;
  ping(timeoutMs?: number): Promise<boolean>;
  sweepSessions(): Promise<number>;
  close(): Promise<void>;
}

interface DatabaseOptions {
  seed: boolean;
  poolSize: number;
  log: (message: string) => void;
}

/** What makes a product server this product: its folder, cookies and database. */
export interface ProductDefinition<User extends BindableRow, Db extends ProductDatabaseHandle<User>> {
  /** e.g. `product-a`, for logs. */
  name: string;
  /** Prefix of its cookie names, e.g. `product_a`; must not be a prefix of another product's. */
  cookiePrefix: string;
  /** The app folder (holds vite.config.ts and, once built, build/). */
  appDir: string;
  openDatabase(url: string, options: DatabaseOptions): Promise<Db>;
  accounts(db: Db): AccountStore<User>;
}

export interface RunningProduct {
  url: string;
  log: Logger;
  close(): Promise<void>;
}

/**
 * Starts a product: settings from the environment (a bad one stops it, naming the key), its
 * database migrated, then HTTP with /health, /ready, the built assets and the Remix app. With
 * NODE_ENV=development it serves through Vite instead of the build.
 */
export async function startProductServer<User extends BindableRow, Db extends ProductDatabaseHandle<User>>(
  product: ProductDefinition<User, Db>,
  options: { env?: Record<string, string | undefined>; log?: Logger } = {},
): Promise<RunningProduct> {
  const env = options.env ?? process.env;
  const settings = readSettings(env);
  const log = options.log ?? createLogger(product.name, settings.logLevel);
  const db = await product.openDatabase(settings.databaseUrl, {
    seed: settings.seedDemoData,
    poolSize: settings.databasePoolSize,
    log: (message) => log.info(message),
  });
  log.info({ database: db.location }, 'database ready');

  try {
    const auth = createProductAuth<User>({
      settings,
      cookiePrefix: product.cookiePrefix,
      provider: createCognitoProvider(settings, product.cookiePrefix),
      accounts: product.accounts(db),
      sessionStore: db.sessions,
      log,
    });
    // A context per request: its loaders share one session lookup (auth.forRequest()).
    const context = () => ({ auth: auth.forRequest(), db, settings }) satisfies ProductContext<User, Db>;

    let shuttingDown = false;
    const app = await httpApp(product.appDir, env.NODE_ENV === 'development', {
      context,
      db,
      log,
      isShuttingDown: () => shuttingDown,
    });
    const server = await listen(app, settings.port, settings.host);
    log.info({ url: settings.appUrl, listening: `${settings.host}:${settings.port}` }, `${product.name} ready`);
    // Expired sessions are only ever refused; this removes their rows.
    const sweeper = setInterval(() => {
      db.sweepSessions().catch((err: unknown) => log.warn({ err }, 'sweeping expired sessions failed'));
    }, defaults.sweepIntervalSeconds * 1000);
    sweeper.unref();
    return {
      url: settings.appUrl,
      log,
      async close() {
        shuttingDown = true;
        clearInterval(sweeper);
        await closeServer(server);
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

async function httpApp(
  appDir: string,
  development: boolean,
  options: {
    context: () => AppLoadContext;
    db: ProductDatabaseHandle<unknown>;
    log: Logger;
    isShuttingDown(): boolean;
  },
) {
  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    // The callback URL carries a one-time code: never leak it to other sites as a Referer.
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    const started = performance.now();
    res.on('finish', () =>
      options.log.debug(
        { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) },
        'request',
      ),
    );
    next();
  });
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const ready = !options.isShuttingDown() && (await options.db.ping());
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
  });

  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (development) {
    const vite = await import('vite');
    const dev = await vite.createServer({ root: appDir, server: { middlewareMode: true } });
    app.use(dev.middlewares);
    build = () => dev.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>;
  } else {
    const client = path.join(appDir, 'build/client');
    // Fingerprinted assets never change; everything else may.
    app.use('/assets', express.static(path.join(client, 'assets'), { immutable: true, maxAge: '1y' }));
    // Other public files, by name: a catch-all static handler would stat the disk on every page.
    for (const file of readdirSync(client).filter((name) => name !== 'assets')) {
      app.use(`/${file}`, express.static(path.join(client, file), { maxAge: '1h' }));
    }
    build = (await import(path.join(appDir, 'build/server/index.js'))) as ServerBuild;
  }
  // @remix-run/express is typed against @types/express 4 but may see another copy of the types.
  const remix = createRequestHandler({ build, getLoadContext: options.context });
  app.all('*', remix as unknown as express.RequestHandler);
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    options.log.error({ err: error }, 'request failed');
    res.status(500).type('text/plain').send('Something went wrong on our side. Please try again in a moment.');
  });
  return app;
}

/**
 * A product's `main` (see @sso/service's runService): `node dist/main.js` serves until
 * SIGINT/SIGTERM; `node dist/main.js migrate` applies the migrations and exits (demo data, when
 * DEMO_SEED is on, is made at start).
 */
export function runProductServer<User extends BindableRow, Db extends ProductDatabaseHandle<User>>(
  product: ProductDefinition<User, Db>,
): Promise<void> {
  return runService({
    name: product.name,
    start: () => startProductServer(product),
    async migrate() {
      const settings = readMigrationSettings();
      const log = createLogger(product.name, settings.logLevel);
      const db = await product.openDatabase(settings.databaseUrl, {
        seed: false,
        poolSize: 2,
        log: (message) => log.info(message),
      });
      log.info({ database: db.location }, 'database migrated');
      await db.close();
    },
  });
}

export type { ProductSettings };
