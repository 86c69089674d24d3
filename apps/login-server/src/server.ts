import type { Server } from 'node:http';
import pino, { type Logger } from 'pino';
import { createApp } from './app.ts';
import type { ServerConfig } from './config/load.ts';
import { openDatabase } from './db/database.ts';
import { sweepExpired } from './oidc/adapter.ts';
import { loadServerKeys } from './oidc/keys.ts';
import { seedPool } from './pool/seed.ts';
import type { Clock } from './pool/users.ts';
import { createServices, type Services } from './services.ts';

export interface RunningServer {
  /** The address it listens on (with the real port when 0 was asked for). */
  url: string;
  services: Services;
  close(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  now?: Clock;
}

/** Opens the store, applies migrations, seeds the pool from config, and listens. */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? pino({ level: config.logLevel, base: { service: 'login-server' } });
  const db = await openDatabase(config.databaseUrl);
  let services: Services | undefined;
  let server: Server | undefined;
  try {
    await db.prepare(
      async () => {
        const keys = await loadServerKeys(db.prisma);
        services = createServices(config, log, db.prisma, keys, options.now);
        await seedPool(services);
      },
      (msg) => log.info(msg),
    );
    log.info({ database: db.location }, 'database ready');
    if (!services) throw new Error('start-up did not finish');
    let shuttingDown = false;
    const { koa } = createApp(services, () => shuttingDown);
    server = await new Promise<Server>((resolve, reject) => {
      const listening = koa.listen(config.server.port, config.server.host, () => resolve(listening));
      listening.once('error', reject);
    });
    const sweeper = setInterval(() => {
      sweepExpired(db.prisma).catch((err) => log.warn({ err }, 'sweeping expired state failed'));
    }, 60_000);
    sweeper.unref();

    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.server.port;
    const url = `http://${config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host}:${port}`;
    const listening = server;
    const ready = services;
    return {
      url,
      services: ready,
      async close() {
        shuttingDown = true;
        clearInterval(sweeper);
        await new Promise<void>((resolve) => {
          listening.close(() => resolve());
          listening.closeIdleConnections();
        });
        await db.close();
      },
    };
  } catch (error) {
    server?.close();
    await db.close();
    throw error;
  }
}
