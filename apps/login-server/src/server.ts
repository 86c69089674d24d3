import { closeServer, createLogger, DatabaseReadiness, type LogLevel, listen, logFailure, portOf } from '@sso/service';
import type { Logger } from 'pino';
import { createApp } from './app.ts';
import type { ServerConfig } from './config/load.ts';
import { type Database, openDatabase } from './db/database.ts';
import { sweepExpired } from './oidc/adapter.ts';
import { loadServerKeys } from './oidc/keys.ts';
import { seedGroups, seedPool } from './pool/seed.ts';
import type { Clock } from './pool/users.ts';
import { createServices, type Services } from './services.ts';

export interface RunningServer {
  /** The address it listens on (with the real port when 0 was asked for). */
  url: string;
  services: Services;
  close(): Promise<void>;
}

interface StartOptions {
  now?: Clock;
}

/** Migrations, then (under the same start-up lock) the keys and the pool file's clients and users. */
async function prepare(db: Database, config: ServerConfig, log: Logger, now?: Clock): Promise<Services> {
  let services: Services | undefined;
  await db.prepare(
    async () => {
      const keys = await loadServerKeys(db.prisma);
      services = createServices(config, log, db.prisma, db.pool, keys, now);
      await seedPool(services);
      await seedGroups(services);
    },
    (msg) => log.info(msg),
  );
  if (!services) throw new Error('start-up did not finish');
  log.info({ database: db.location }, 'database ready');
  return services;
}

/** What the cluster's init container runs: pending migrations applied, nothing served. */
export async function migrateDatabase(settings: { databaseUrl: string; logLevel: LogLevel }): Promise<void> {
  const log = createLogger('login-server', settings.logLevel);
  const db = openDatabase(settings.databaseUrl, 2);
  try {
    await db.prepare(
      async () => {},
      (msg) => log.info(msg),
    );
    log.info({ database: db.location }, 'database migrated');
  } finally {
    await db.close();
  }
}

/** Opens the store, applies migrations, seeds the pool from config, and listens. */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = createLogger('login-server', config.logLevel);
  const db = openDatabase(config.databaseUrl, config.databasePoolSize);
  try {
    const services = await prepare(db, config, log, options.now);
    let shuttingDown = false;
    const koa = createApp(services, {
      isShuttingDown: () => shuttingDown,
      database: new DatabaseReadiness(db.ping),
    });
    const server = await listen(koa.callback(), config.server.port, config.server.host);
    const sweeper = setInterval(() => {
      Promise.all([sweepExpired(db.pool), services.challengeSessions.sweep()]).catch((err) =>
        logFailure(log, err, { task: 'sweep' }, 'sweeping expired state failed'),
      );
    }, 60_000);
    sweeper.unref();

    const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
    return {
      url: `http://${host}:${portOf(server)}`,
      services,
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
