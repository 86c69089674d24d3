import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { testDatabase } from '@sso/testing';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../src/database.ts';
import { engineAdapter } from '../src/engine.ts';
import { diffMigrations, migrationStatus, pendingMigrations } from '../src/index.ts';

/** The status of the database `db` (what `sso-prisma-migrate status` reports). */
async function statusOf(db: { pool: pg.Pool }, schemaPath: string, migrationsDir: string) {
  const engine = engineAdapter((db.pool.options as { connectionString: string }).connectionString);
  try {
    return await migrationStatus({ schemaPath, migrationsDir, adapter: engine.adapter });
  } finally {
    await engine.end();
  }
}

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

/** The migrations of a folder, oldest first (product A's: its init and the ones after it). */
const migrationNames = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

/** A copy of product A's schema and migrations to change freely. */
function workspace() {
  const dir = mkdtempSync(path.join(tmpdir(), 'migrate-'));
  dirs.push(dir);
  cpSync(path.join(repo, 'prisma/product-a/schema.prisma'), path.join(dir, 'schema.prisma'));
  cpSync(path.join(repo, 'prisma/product-a/migrations'), path.join(dir, 'migrations'), { recursive: true });
  return { dir, schema: path.join(dir, 'schema.prisma'), migrations: path.join(dir, 'migrations') };
}

describe('migrations through the WASM schema engine', () => {
  it('applies a migrations folder once, records it as Prisma does, and reports the status', async () => {
    const { schema, migrations } = workspace();
    const db = connectDatabase(await testDatabase());
    try {
      const lines: string[] = [];
      await db.prepare(schema, undefined, (line) => lines.push(line));
      expect(lines.join('\n')).toMatch(/applied migrations: \d{14}_init/);
      await db.prepare(schema, undefined, (line) => lines.push(line));
      expect(lines).toHaveLength(1);
      const status = await statusOf(db, schema, migrations);
      expect(status).toEqual({ applied: migrationNames(migrations), pending: [] });
      expect(status.applied[0]).toMatch(/_init$/);
    } finally {
      await db.close();
    }
  });

  it('refuses to run when an applied migration was edited', async () => {
    const { schema, migrations } = workspace();
    const db = connectDatabase(await testDatabase());
    try {
      await db.prepare(schema);
      const [init] = (await statusOf(db, schema, migrations)).applied;
      const file = path.join(migrations, init!, 'migration.sql');
      writeFileSync(file, `${readFileSync(file, 'utf8')}\n-- edited\n`);
      await expect(db.prepare(schema)).rejects.toThrow(/edited since they ran .*_init/);
    } finally {
      await db.close();
    }
  });

  it('writes the SQL of a schema change, and nothing when the folder is in step', async () => {
    const { schema, migrations } = workspace();
    const serverUrl = inject('postgresAdminUrl');
    expect(await diffMigrations({ schemaPath: schema, migrationsDir: migrations, serverUrl })).toBe('');
    writeFileSync(
      schema,
      readFileSync(schema, 'utf8').replace('  role        Role', '  timezone    String?\n  role        Role'),
    );
    const sql = await diffMigrations({ schemaPath: schema, migrationsDir: migrations, serverUrl });
    expect(sql).toMatch(/ALTER TABLE "User" ADD COLUMN\s+"timezone" TEXT;/);
  });

  it('lets instances that start together take turns', async () => {
    const { schema, migrations } = workspace();
    const url = await testDatabase();
    const instances = [connectDatabase(url), connectDatabase(url)];
    const applied: string[] = [];
    await Promise.all(instances.map((db) => db.prepare(schema, undefined, (line) => applied.push(line))));
    expect(applied).toHaveLength(1);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('SELECT count(*)::int AS n FROM _prisma_migrations');
    await client.end();
    expect(rows[0].n).toBe(migrationNames(migrations).length);
    await Promise.all(instances.map((db) => db.close()));
  });

  it('reads an up-to-date history without the engine, and sees a new or edited migration as pending', async () => {
    const { migrations, schema } = workspace();
    const db = connectDatabase(await testDatabase());
    try {
      const pending = await pendingMigrations(db.pool, migrations);
      expect(pending).toEqual(migrationNames(migrations));
      expect(pending[0]).toMatch(/_init$/);
      await db.prepare(schema);
      expect(await pendingMigrations(db.pool, migrations)).toEqual([]);
      mkdirSync(path.join(migrations, '29991231000000_more'));
      writeFileSync(path.join(migrations, '29991231000000_more', 'migration.sql'), 'SELECT 1;\n');
      expect(await pendingMigrations(db.pool, migrations)).toEqual(['29991231000000_more']);
    } finally {
      await db.close();
    }
  });
});
