import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { type AdapterFactory, noFilters, openEngine } from './engine.ts';
import { migrationNames, readMigrations } from './migrations-dir.ts';

export type { AdapterFactory } from './engine.ts';

export interface MigrateOptions {
  /** The schema.prisma file; its datasource provider must be postgresql. */
  schemaPath: string;
  /** The folder of migration folders (`<timestamp>_<name>/migration.sql`). */
  migrationsDir: string;
  /** A Prisma driver adapter factory, e.g. `new PrismaPg({ connectionString })` or `new PrismaPGlite(pglite)`. */
  adapter: AdapterFactory;
  log?: (message: string) => void;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

const readSchema = (schemaPath: string) => ({ path: schemaPath, content: readFileSync(schemaPath, 'utf8') });

/**
 * `prisma migrate deploy`: applies the migrations not applied yet, recording them in the standard
 * `_prisma_migrations` table. Refuses to run when an applied migration was edited or one failed.
 */
export async function applyMigrations(options: MigrateOptions): Promise<{ applied: string[] }> {
  const engine = await openEngine(readSchema(options.schemaPath), options.adapter);
  try {
    const migrationsList = readMigrations(options.migrationsDir);
    const history = await engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: noFilters,
    });
    if (history.editedMigrationNames.length) {
      throw new MigrationError(
        `applied migration(s) were edited since they ran (checksum mismatch): ${history.editedMigrationNames.join(', ')}`,
      );
    }
    if (history.failedMigrationNames.length) {
      throw new MigrationError(
        `migration(s) failed earlier and must be resolved: ${history.failedMigrationNames.join(', ')}`,
      );
    }
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: noFilters });
    if (appliedMigrationNames.length) options.log?.(`applied migrations: ${appliedMigrationNames.join(', ')}`);
    return { applied: appliedMigrationNames };
  } finally {
    engine.free();
  }
}

/** `prisma migrate status`: which migrations are applied and which are pending. */
export async function migrationStatus(options: MigrateOptions): Promise<{ applied: string[]; pending: string[] }> {
  const engine = await openEngine(readSchema(options.schemaPath), options.adapter);
  try {
    const migrationsList = readMigrations(options.migrationsDir);
    const history = await engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: noFilters,
    });
    const all = migrationNames(options.migrationsDir);
    const pending =
      history.history?.diagnostic === 'databaseIsBehind' || history.history?.diagnostic === 'historiesDiverge'
        ? history.history.unappliedMigrationNames
        : [];
    return { applied: all.filter((name) => !pending.includes(name)), pending };
  } finally {
    engine.free();
  }
}

/**
 * The SQL that brings the migrations folder up to the schema (what `prisma migrate dev
 * --create-only` would write). '' when in step. The engine replays the migrations on a shadow
 * database: a throwaway in-memory PGlite.
 */
export async function diffMigrations(options: { schemaPath: string; migrationsDir: string }): Promise<string> {
  const schema = readSchema(options.schemaPath);
  const pglite = new PGlite();
  try {
    const engine = await openEngine(schema, new PrismaPGlite(pglite));
    try {
      const result = await engine.diff({
        from: { tag: 'migrations', ...readMigrations(options.migrationsDir) },
        to: { tag: 'schemaDatamodel', files: [schema] },
        script: true,
        exitCode: false,
        filters: noFilters,
      });
      const sql = (result.stdout ?? '').trim();
      return /^-- This is an empty migration\.?$/.test(sql) ? '' : sql && `${sql}\n`;
    } finally {
      engine.free();
    }
  } finally {
    await pglite.close();
  }
}
