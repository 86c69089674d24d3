import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { scratchDir, startLocalPostgres } from '@sso/local-postgres';
import type {} from 'vitest';

/**
 * The test run's PostgreSQL: the same server the local stack runs (PostgreSQL 18 from the npm
 * registry), started once by Vitest's global setup in a throwaway folder. Tests never share a
 * database: each asks for a new one, copied from a migrated template.
 */
export interface TestPostgres {
  adminUrl(database?: string): string;
  stop(): Promise<void>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The superuser URL of the test run's PostgreSQL (its `postgres` database). */
    postgresAdminUrl: string;
  }
}

/** Databases migrated once per test run, to copy: one per schema in the repository. */
export const templates = {
  login_server: 'apps/login-server/prisma/schema.prisma',
  product_a: 'prisma/product-a/schema.prisma',
  product_b: 'prisma/product-b/schema.prisma',
} as const;
export type Template = keyof typeof templates;

export const templateName = (template: Template) => `template_${template}`;

/** Starts a throwaway server (no fsync: a crash loses nothing of value). */
export async function startTestPostgres(): Promise<TestPostgres> {
  const dir = scratchDir('pg-test-');
  const server = await startLocalPostgres({
    dataDir: path.join(dir, 'data'),
    port: 0,
    superuserPassword: randomBytes(16).toString('hex'),
    durable: false,
  });
  return {
    adminUrl: server.adminUrl,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
