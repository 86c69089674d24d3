import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { type AdapterFactory, engineAdapter, noFilters, openEngine, type SchemaEngine } from './engine.ts';
import { readMigrations } from './migrations-dir.ts';

export type { AdapterFactory } from './engine.ts';

export interface MigrateOptions {
  /** The schema.prisma file; its datasource provider must be postgresql. */
  schemaPath: string;
  /** The folder of migration folders (`<timestamp>_<name>/migration.sql`). */
  migrationsDir: string;
  /** A Prisma driver adapter factory for the engine (see `engineAdapter`). */
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
 * The migrations of the folder that the database has not applied (or applied from a different
 * file, or failed): one query on Prisma's `_prisma_migrations` table, no engine. Empty means the
 * database is up to date and `applyMigrations` would do nothing.
 */
export async function pendingMigrations(pool: pg.Pool, migrationsDir: string): Promise<string[]> {
  const folder = readMigrations(migrationsDir).migrationDirectories;
  const table = await pool.query<{ exists: boolean }>("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists");
  if (!table.rows[0]?.exists) return folder.map((m) => m.path);
  const { rows } = await pool.query<{ migration_name: string; checksum: string }>(
    'SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  const applied = new Map(rows.map((row) => [row.migration_name, row.checksum]));
  const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex');
  return folder
    .filter(
      (m) => m.migrationFile.content.tag !== 'ok' || applied.get(m.path) !== checksum(m.migrationFile.content.value),
    )
    .map((m) => m.path);
}

/**
 * The SQL that brings the migrations folder up to the schema (what `prisma migrate dev
 * --create-only` would write). '' when in step. The migrations are applied to a throwaway database
 * made (and dropped) on the server `serverUrl` names (its role needs CREATEDB), which is then
 * compared with the schema.
 */
export async function diffMigrations(options: {
  schemaPath: string;
  migrationsDir: string;
  serverUrl: string;
}): Promise<string> {
  const schema = readSchema(options.schemaPath);
  const scratch = new URL(options.serverUrl);
  const name = `prisma_diff_${randomBytes(6).toString('hex')}`;
  scratch.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: options.serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const connection = engineAdapter(scratch.href);
    try {
      await applyMigrations({ ...options, adapter: connection.adapter });
      const engine = await openEngine(schema, connection.adapter);
      try {
        const result = await engine.diff({
          from: { tag: 'schemaDatasource', files: [schema], configDir: path.dirname(options.schemaPath) },
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
      await connection.end();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}
