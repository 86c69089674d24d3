import type { Server } from 'node:http';
import path from 'node:path';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import type { AccountStore, BindableRow } from '@sso/account-binding';
import {
  createCognitoProvider,
  createProductAuth,
  type ProductSettings,
  readSettings,
  type SessionStore,
  SettingsError,
} from '@sso/product-auth';
import express from 'express';
import pino, { type Logger } from 'pino';
import type { ProductContext } from '../context.ts';

/** A product's database as the server needs it (see @sso/product-db). */
export interface ProductDatabaseHandle {
  sessions: SessionStore;
  location: string;
  ping(): Promise<boolean>;
  sweepSessions(): Promise<number>;
  close(): Promise<void>;
}

/** What makes a product server this product: its folder, cookies and database. */
export interface ProductDefinition<User extends BindableRow, Db extends ProductDatabaseHandle> {
  /** e.g. `product-a`, for logs. */
  name: string;
  /** Prefix of its cookie names, e.g. `product_a`; must not be a prefix of another product's. */
  cookiePrefix: string;
  /** The app folder (holds vite.config.ts and, once built, build/). */
  appDir: string;
  openDatabase(url: string, options: { seed: boolean; log: (message: string) => void }): Promise<Db>;
  accounts(db: Db): AccountStore<User>;
  findUser(db: Db, id: string): Promise<User | null>;
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
export async function startProductServer<User extends BindableRow, Db extends ProductDatabaseHandle>(
  product: ProductDefinition<User, Db>,
  options: { env?: Record<string, string | undefined>; log?: Logger } = {},
): Promise<RunningProduct> {
  const env = options.env ?? process.env;
  const settings = readSettings(env);
  const log = options.log ?? pino({ level: settings.logLevel, base: { service: product.name } });
  const db = await product.openDatabase(settings.databaseUrl, {
    seed: settings.seedDemoData,
    log: (message) => log.info(message),
  });
  log.info({ database: db.location }, 'database ready');

  try {
    const auth = createProductAuth<User>({
      settings,
      cookiePrefix: product.cookiePrefix,
      provider: createCognitoProvider(settings, product.cookiePrefix),
      accounts: product.accounts(db),
      findUser: (id) => product.findUser(db, id),
      sessionStore: db.sessions,
      log,
    });
    const context: ProductContext<User, Db> = { auth, db, settings };
    let shuttingDown = false;
    const app = await httpApp(product.appDir, env.NODE_ENV === 'development', {
      context,
      db,
      log,
      isShuttingDown: () => shuttingDown,
    });
    const server = await new Promise<Server>((resolve, reject) => {
      const listening = app.listen(settings.port, settings.host, () => resolve(listening));
      listening.once('error', reject);
    });
    log.info({ url: settings.appUrl, listening: `${settings.host}:${settings.port}` }, `${product.name} ready`);
    // Expired sessions are only ever refused; this removes their rows.
    const sweeper = setInterval(() => {
      db.sweepSessions().catch((err: unknown) => log.warn({ err }, 'sweeping expired sessions failed'));
    }, 15 * 60_000);
    sweeper.unref();
    return {
      url: settings.appUrl,
      log,
      async close() {
        shuttingDown = true;
        clearInterval(sweeper);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
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
  options: { context: object; db: ProductDatabaseHandle; log: Logger; isShuttingDown(): boolean },
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
    app.use(express.static(client, { maxAge: '1h' }));
    build = (await import(path.join(appDir, 'build/server/index.js'))) as ServerBuild;
  }
  // @remix-run/express is typed against @types/express 4 but may see another copy of the types.
  const remix = createRequestHandler({ build, getLoadContext: () => ({ ...options.context }) });
  app.all('*', remix as unknown as express.RequestHandler);
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    options.log.error({ err: error }, 'request failed');
    res.status(500).type('text/plain').send('Something went wrong on our side. Please try again in a moment.');
  });
  return app;
}

/** `node --import tsx server.ts` for a product: runs until SIGINT/SIGTERM, then closes cleanly. */
export async function runProductServer<User extends BindableRow, Db extends ProductDatabaseHandle>(
  product: ProductDefinition<User, Db>,
): Promise<void> {
  let running: RunningProduct;
  try {
    running = await startProductServer(product);
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(`${product.name}: ${error.message}`);
      process.exit(78); // EX_CONFIG
    }
    console.error(`${product.name} failed to start: ${(error as Error).message}`);
    process.exit(1);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000);
    await running.close();
    clearTimeout(timer);
    running.log.info('stopped');
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

export type { ProductSettings };
