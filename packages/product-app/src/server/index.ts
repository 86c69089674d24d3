import { readdirSync } from 'node:fs';
import path from 'node:path';
import { sendRemixResponse } from '@remix-run/express/dist/server.js';
import type { AppLoadContext, ServerBuild } from '@remix-run/node';
import { createProductAuth, defaults, readSettings } from '@sso/product-auth';
import {
  closeServer,
  createLogger,
  DatabaseReadiness,
  listen,
  logFailure,
  packageRoot,
  readMigrationSettings,
  runService,
} from '@sso/service';
import express from 'express';
import type { Logger } from 'pino';
import type { Brand } from '../brand.ts';
import { stylesheet } from '../components/styles.ts';
import type { Database, ProductPages, User } from '../context.ts';
import { remixHandler } from './remix-handler.ts';
import { cspNonce, securityHeaders } from './security-headers.ts';
import { unavailableResponse } from './unavailable-page.tsx';
import { dropUnreadBody } from './unread-body.ts';

interface DatabaseOptions {
  seed: boolean;
  poolSize: number;
  log: (message: string) => void;
}

/** What makes a product server this product: its name, look and database, and what its pages show. */
export interface ProductDefinition {
  /**
   * e.g. `product-a`: its logs, its package (`@sso/product-a`, whose folder holds its Vite build) and
   * its cookie names (`product_a_session`…; never a prefix of another product's).
   */
  name: string;
  /** Its look, for the pages served outside the app (while its database is unreachable). */
  brand: Brand;
  openDatabase(url: string, options: DatabaseOptions): Promise<Database>;
  /** How it authorizes people and what data it keeps for them, for the shell's pages. */
  pages: ProductPages;
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
export async function startProductServer(
  product: ProductDefinition,
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
      cookiePrefix: product.name.replaceAll('-', '_'),
      accounts: db.accounts,
      sessionStore: db.sessions,
      log,
    });
    // A context per request: its loaders share one session lookup (auth.forRequest()).
    const context = (reportError: (error: unknown) => void, res: express.Response): AppLoadContext => ({
      auth: auth.forRequest(),
      db,
      pages: product.pages,
      reportError,
      cspNonce: cspNonce(res),
    });

    let shuttingDown = false;
    const appDir = packageRoot(`@sso/${product.name}`, import.meta.url);
    const app = await httpApp(appDir, env.NODE_ENV === 'development', {
      context,
      securityHeaders: securityHeaders({
        hostedLoginUrl: settings.cognito.hostedUiUrl,
        https: settings.secureCookies,
        inlineStyles: [stylesheet(product.brand)],
      }),
      brand: product.brand,
      readiness: new DatabaseReadiness(db.ping),
      log,
      isShuttingDown: () => shuttingDown,
    });
    const server = await listen(app, settings.port, settings.host);
    log.info({ url: settings.appUrl, listening: `${settings.host}:${settings.port}` }, `${product.name} ready`);
    // Expired sessions are only ever refused; this removes their rows.
    const sweeper = setInterval(() => {
      db.sessions
        .sweepExpired()
        .catch((err: unknown) => logFailure(log, err, { task: 'sweep' }, 'sweeping expired sessions failed'));
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
    context: (reportError: (error: unknown) => void, res: express.Response) => AppLoadContext;
    securityHeaders: express.RequestHandler[];
    brand: Brand;
    readiness: DatabaseReadiness;
    log: Logger;
    isShuttingDown(): boolean;
  },
) {
  const app = express();
  app.disable('x-powered-by');
  app.use(options.securityHeaders);
  app.use(dropUnreadBody());
  app.use((req, res, next) => {
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
    const ready = !options.isShuttingDown() && (await options.readiness.isReady());
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
  });

  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (development) {
    const dev = await import('./vite-dev-server.ts');
    build = await dev.serveThroughVite(app, appDir);
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
  const unavailable = () => unavailableResponse(options.brand);
  app.all('*', remixHandler({ build, context: options.context, log: options.log, unavailable }));
  // What fails outside Remix: the static files' refusals (4xx) pass through; the rest is logged once.
  app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).type('text/plain').send('The request could not be processed.');
      return;
    }
    if (logFailure(options.log, error, { method: req.method, path: req.path })) {
      void sendRemixResponse(res, unavailable());
      return;
    }
    res.status(500).type('text/plain').send('Something went wrong on our side. Please try again in a moment.');
  });
  return app;
}

/**
 * A product's `main` (see @sso/service's runService): `node dist/main.js` serves until
 * SIGINT/SIGTERM; `node dist/main.js migrate` applies the migrations and exits (demo data, when
 * DEMO_SEED is on, is made at start).
 */
export function runProductServer(product: ProductDefinition): Promise<void> {
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

export type { ProductPages } from '../context.ts';
