import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { AdapterFactory } from './engine.ts';
import { applyMigrations } from './index.ts';

/**
 * A database named by a URL, as every service here takes it:
 * - `postgres://…` or `postgresql://…`: a PostgreSQL server (the cluster);
 * - `pglite:<dir>`: an embedded PostgreSQL kept in a folder (the local default);
 * - `pglite:memory`: one that lives only as long as the process (tests).
 */
export interface DatabaseConnection {
  /** The Prisma driver adapter to build a PrismaClient with. */
  adapter: AdapterFactory;
  /** Where the data lives, for the start-up log (no credentials). */
  location: string;
  /**
   * Applies pending migrations of `schemaPath` (its `migrations/` folder beside it), then runs
   * `work` (seeding), holding a lock that other instances starting on the same database wait for.
   */
  prepare(schemaPath: string, work?: () => Promise<void>, log?: (message: string) => void): Promise<void>;
  close(): Promise<void>;
}

export const databaseUrlPattern = /^(postgres(ql)?:\/\/|pglite:)/;
export const databaseUrlHint = 'must be postgres://..., postgresql://... or pglite:<dir|memory>';

/** Any number that is ours alone: the advisory lock that serializes instances' start-up work. */
const startupLockKey = 7_229_001;

export async function connectDatabase(url: string): Promise<DatabaseConnection> {
  if (!databaseUrlPattern.test(url)) throw new Error(`DATABASE_URL ${databaseUrlHint}`);
  const driver = url.startsWith('pglite:') ? await openPglite(url.slice('pglite:'.length)) : openPostgres(url);
  return {
    adapter: driver.adapter,
    location: driver.location,
    async prepare(schemaPath, work, log) {
      await driver.exclusive(async () => {
        await applyMigrations({
          schemaPath,
          migrationsDir: path.join(path.dirname(schemaPath), 'migrations'),
          adapter: driver.adapter,
          ...(log ? { log } : {}),
        });
        await work?.();
      });
    },
    close: driver.close,
  };
}

async function openPglite(where: string) {
  const inMemory = where === 'memory' || where === '';
  if (!inMemory) mkdirSync(where, { recursive: true });
  const pglite = inMemory ? new PGlite() : new PGlite(where);
  await pglite.waitReady;
  return {
    adapter: new PrismaPGlite(pglite),
    location: inMemory ? 'PGlite in memory' : `PGlite in ${where}`,
    // One process owns a PGlite folder, so there is nobody to wait for.
    exclusive: (work: () => Promise<void>) => work(),
    // PGlite keeps the event loop alive until it is closed.
    close: () => pglite.close(),
  };
}

function openPostgres(connectionString: string) {
  const target = URL.parse(connectionString);
  return {
    adapter: new PrismaPg({ connectionString }),
    location: `PostgreSQL at ${target?.host ?? '?'}${target?.pathname ?? ''}`,
    async exclusive(work: () => Promise<void>) {
      const lock = new pg.Client({ connectionString });
      await lock.connect();
      try {
        await lock.query('SELECT pg_advisory_lock($1)', [startupLockKey]);
        await work();
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1)', [startupLockKey]).catch(() => {});
        await lock.end();
      }
    },
    // PrismaClient.$disconnect() ends the adapter's pool.
    close: async () => {},
  };
}
