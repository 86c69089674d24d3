import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { type AdapterFactory, noFilters, openEngine, type SchemaEngine } from './engine.ts';
import { readMigrations } from './migrations-dir.ts';

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

/** Opens the engine on the schema, reads the migrations folder and the database's history, runs `work`. */
async function withHistory<T>(
  options: MigrateOptions,
  work: (
    engine: SchemaEngine,
    migrationsList: ReturnType<typeof readMigrations>,
    history: Awaited<ReturnType<SchemaEngine['diagnoseMigrationHistory']>>,
  ) => Promise<T>,
): Promise<T> {
  const engine = await openEngine(readSchema(options.schemaPath), options.adapter);
  try {
    const migrationsList = readMigrations(options.migrationsDir);
    const history = await engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: noFilters,
    });
    return await work(engine, migrationsList, history);
  } finally {
    engine.free();
  }
}

/**
 * `prisma migrate deploy`: applies the migrations not applied yet, recording them in the standard
 * `_prisma_migrations` table. Refuses to run when an applied migration was edited or one failed.
 */
export function applyMigrations(options: MigrateOptions): Promise<{ applied: string[] }> {
  return withHistory(options, async (engine, migrationsList, history) => {
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
  });
}

/** `prisma migrate status`: which migrations are applied and which are pending. */
export function migrationStatus(options: MigrateOptions): Promise<{ applied: string[]; pending: string[] }> {
  return withHistory(options, async (_engine, migrationsList, history) => {
    const all = migrationsList.migrationDirectories.map((d) => d.path);
    const pending =
      history.history?.diagnostic === 'databaseIsBehind' || history.history?.diagnostic === 'historiesDiverge'
        ? history.history.unappliedMigrationNames
        : [];
    return { applied: all.filter((name) => !pending.includes(name)), pending };
  });
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
