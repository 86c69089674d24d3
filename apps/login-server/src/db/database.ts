import path from 'node:path';
import { connectDatabase } from '@sso/prisma-migrate/database';
import { packageRoot } from '@sso/service';
import type pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.ts';

const schemaPath = path.join(packageRoot('@sso/login-server', import.meta.url), 'prisma/schema.prisma');

export interface Database {
  prisma: PrismaClient;
  /** The connection pool Prisma uses, for the few hot paths written as SQL (oidc/adapter.ts). */
  pool: pg.Pool;
  /** Where the data lives, for the start-up log (no credentials). */
  location: string;
  /**
   * Applies pending migrations, then runs `work` (seeding), while holding a lock that other
   * instances starting against the same database wait for.
   */
  prepare(work: () => Promise<void>, log?: (msg: string) => void): Promise<void>;
  /** True when the database answers within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/** The login server's PostgreSQL database (DATABASE_URL), through one connection pool. */
export function openDatabase(url: string, poolSize?: number): Database {
  const connection = connectDatabase(url, poolSize ? { poolSize } : {});
  const prisma = new PrismaClient({ adapter: connection.adapter });
  return {
    prisma,
    pool: connection.pool,
    location: connection.location,
    prepare: (work, log) => connection.prepare(schemaPath, work, log),
    ping: connection.ping,
    async close() {
      await prisma.$disconnect();
      await connection.close();
    },
  };
}
