import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { type AdapterFactory, engineAdapter } from './engine.ts';
import { applyMigrations, pendingMigrations } from './index.ts';

/**
 * A service's PostgreSQL database, named by its `DATABASE_URL`: one connection pool shared by
 * Prisma and the service's own checks, and the start-up step that migrates it.
 */
export interface DatabaseConnection {
  /** The Prisma driver adapter to build a PrismaClient with (it uses `pool`). */
  adapter: AdapterFactory;
  pool: pg.Pool;
  /** Where the data lives, for the start-up log (no credentials). */
  location: string;
  /**
   * Applies pending migrations of `schemaPath` (its `migrations/` folder beside it), then runs
   * `work` (seeding), holding a lock that other instances starting on the same database wait for.
   */
  prepare(schemaPath: string, work?: () => Promise<void>, log?: (message: string) => void): Promise<void>;
  /** True when the database answers within `timeoutMs`, on a connection of its own (readiness). */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export const databaseUrlPattern = /^postgres(ql)?:\/\//;
export const databaseUrlHint = 'must be a PostgreSQL URL: postgres://user:password@host:port/database';

export interface ConnectOptions {
  /** Connections in the pool (default 10). Idle ones close after 10 seconds. */
  poolSize?: number;
}

/** How long a request waits for a pooled connection (a new one included) before it fails. */
const connectTimeoutMs = 10_000;

/** Any number that is ours alone: the advisory lock that serializes instances' start-up work. */
const startupLockKey = 7_229_001;

export function connectDatabase(connectionString: string, options: ConnectOptions = {}): DatabaseConnection {
  if (!databaseUrlPattern.test(connectionString)) throw new Error(`DATABASE_URL ${databaseUrlHint}`);
  const target = URL.parse(connectionString);
  // A server that does not answer at all (unlike one that refuses) fails a request after
  // connectTimeoutMs instead of the operating system's minutes-long TCP timeout.
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: connectTimeoutMs,
  });
  // A connection that breaks while idle (database restarted) is dropped from the pool; the next
  // query opens a new one. Without a listener the error would end the process.
  pool.on('error', () => {});

  return {
    adapter: new PrismaPg(pool),
    pool,
    location: `PostgreSQL at ${target?.host ?? '?'}${target?.pathname ?? ''}`,
    async prepare(schemaPath, work, log) {
      const migrationsDir = path.join(path.dirname(schemaPath), 'migrations');
      const lock = await pool.connect();
      try {
        await lock.query('SELECT pg_advisory_lock($1)', [startupLockKey]);
        // Reading the history is one query; the schema engine (WASM, ~1 s to load) runs only when
        // something is pending.
        if ((await pendingMigrations(pool, migrationsDir)).length) {
          const engine = engineAdapter(connectionString);
          try {
            await applyMigrations({ schemaPath, migrationsDir, adapter: engine.adapter, ...(log ? { log } : {}) });
          } finally {
            await engine.end();
          }
        }
        await work?.();
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1)', [startupLockKey]).catch(() => {});
        lock.release();
      }
    },
    async ping(timeoutMs = 1000) {
      // A connection of its own: a pool whose connections are all busy, or all waiting for a server
      // that went away, would make readiness wait behind them.
      const client = new pg.Client({ connectionString, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
      client.on('error', () => {});
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } catch {
        return false;
      } finally {
        void client.end().catch(() => {});
      }
    },
    close: () => pool.end(),
  };
}
