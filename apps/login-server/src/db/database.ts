import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectDatabase } from '@sso/prisma-migrate/database';
import { PrismaClient } from '../generated/prisma/client.ts';

const schemaPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../prisma/schema.prisma');

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
  const connection = await connectDatabase(url);
  const prisma = new PrismaClient({ adapter: connection.adapter });
  return {
    prisma,
    location: connection.location,
    prepare: (work, log) => connection.prepare(schemaPath, work, log),
    async close() {
      await prisma.$disconnect();
      await connection.close();
    },
  };
}
