import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { applyMigrations } from '@sso/prisma-migrate';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.ts';

const prismaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../prisma');

/** Any number that is ours alone: the advisory lock that serializes instances' start-up work. */
const startupLockKey = 7_229_001;

export interface Database {
  prisma: PrismaClient;
  /** A human-readable description of where the data lives (for the start-up log). */
  location: string;
  /**
   * Applies pending migrations, then runs `work` (seeding), while holding a lock that other
   * instances starting against the same database wait for.
   */
  prepare(work: () => Promise<void>, log?: (msg: string) => void): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the store named by DATABASE_URL: `postgres://...` is a PostgreSQL server (the cluster),
 * `pglite:<dir>` an embedded PostgreSQL kept in a folder (the local default), `pglite:memory` one
 * that lives only as long as the process.
 */
export async function openDatabase(url: string): Promise<Database> {
  const driver = url.startsWith('pglite:') ? await openPglite(url.slice('pglite:'.length)) : openPostgres(url);
  const prisma = new PrismaClient({ adapter: driver.adapter });
  return {
    prisma,
    location: driver.location,
    async prepare(work, log) {
      await driver.exclusive(async () => {
        await applyMigrations({
          schemaPath: path.join(prismaDir, 'schema.prisma'),
          migrationsDir: path.join(prismaDir, 'migrations'),
          adapter: driver.adapter,
          log,
        });
        await work();
      });
    },
    async close() {
      await prisma.$disconnect();
      await driver.close();
    },
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
    close: async () => {},
  };
}
