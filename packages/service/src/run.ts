import type { RequestListener, Server } from 'node:http';
import { createServer } from 'node:http';
import { format } from 'node:util';
import pino, { type Logger } from 'pino';
import type { LogLevel } from './settings.ts';
import { SettingsError } from './settings.ts';

/** JSON lines on stdout, one per event, each naming the service. */
export function createLogger(service: string, level: LogLevel): Logger {
  return pino({ level, base: { service } });
}

/** A started service. */
export interface Running {
  log: Logger;
  /** Stops taking requests, lets those in flight finish, closes the database pool. */
  close(): Promise<void>;
}

export interface ServiceEntry {
  /** e.g. `login-server`, `product-a`: names it in the few lines written before its logger exists. */
  name: string;
  /** Reads its settings, opens (and migrates) its database, listens. */
  start(): Promise<Running>;
  /** Applies its migrations (and seed data) and returns: what the cluster's init container runs. */
  migrate(): Promise<void>;
}

/** How long in-flight requests get to finish after SIGTERM before their connections are cut. */
const drainMs = 5_000;
/** After this, a service that has not stopped exits anyway (the orchestrator's grace period is longer). */
const stopDeadlineMs = 10_000;

/**
 * A service's `main`: `node dist/main.js` serves until SIGINT/SIGTERM, then drains and exits 0;
 * `node dist/main.js migrate` migrates and exits. Bad settings exit 78 (EX_CONFIG) with the keys
 * named; any other start-up failure exits 1 with one line, never a stack trace.
 */
export async function runService(entry: ServiceEntry, argv = process.argv.slice(2)): Promise<void> {
  const command = argv[0] ?? 'serve';
  if (command !== 'serve' && command !== 'migrate') {
    console.error(`${entry.name}: unknown command "${command}" (use "migrate", or nothing to serve)`);
    process.exit(64); // EX_USAGE
  }
  let running: Running;
  try {
    if (command === 'migrate') {
      await entry.migrate();
      return;
    }
    running = await entry.start();
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(`${entry.name}: ${error.message}`);
      process.exit(78);
    }
    console.error(
      `${entry.name} failed to ${command === 'migrate' ? 'migrate' : 'start'}: ${(error as Error).message}`,
    );
    process.exit(1);
  }
  routeConsoleToLog(running.log);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.log.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      running.log.error('did not stop in time; exiting');
      process.exit(1);
    }, stopDeadlineMs);
    try {
      await running.close();
      running.log.info('stopped');
    } catch (error) {
      running.log.error({ err: error }, 'stopping failed');
      process.exitCode = 1;
    }
    clearTimeout(deadline);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/**
 * What libraries print with `console` (oidc-provider's warnings, say) becomes log lines like the
 * service's own, so that nothing reaches stdout or stderr outside the logger.
 */
export function routeConsoleToLog(log: Logger): void {
  const source = { source: 'console' };
  console.error = (...args: unknown[]) => log.error(source, format(...args));
  console.warn = (...args: unknown[]) => log.warn(source, format(...args));
  console.info = (...args: unknown[]) => log.info(source, format(...args));
  console.log = (...args: unknown[]) => log.info(source, format(...args));
  console.debug = (...args: unknown[]) => log.debug(source, format(...args));
}

/** Starts an HTTP server for `handler` and resolves once it listens. */
export function listen(handler: RequestListener, port: number, host: string): Promise<Server> {
  const server = createServer({ keepAliveTimeout: 65_000 }, handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** The port a server really listens on (when 0 was asked for). */
export function portOf(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/**
 * Stops taking connections and waits for requests in flight; idle keep-alive connections close at
 * once, busy ones get `drainMs` before they are cut.
 */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    const cut = setTimeout(() => server.closeAllConnections(), drainMs);
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}
