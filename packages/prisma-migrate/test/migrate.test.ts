import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, postgresBinaries, startTestPostgres } from '@sso/testing';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { connectDatabase } from '../src/database.ts';
import { diffMigrations, migrationStatus } from '../src/index.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

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
    const db = await connectDatabase('pglite:memory');
    try {
      const lines: string[] = [];
      await db.prepare(schema, undefined, (line) => lines.push(line));
      expect(lines.join('\n')).toMatch(/applied migrations: \d{14}_init/);
      await db.prepare(schema, undefined, (line) => lines.push(line));
      expect(lines).toHaveLength(1);
      const status = await migrationStatus({ schemaPath: schema, migrationsDir: migrations, adapter: db.adapter });
      expect(status).toEqual({ applied: [expect.stringMatching(/_init$/)], pending: [] });
    } finally {
      await db.close();
    }
  });

  it('refuses to run when an applied migration was edited', async () => {
    const { schema, migrations } = workspace();
    const db = await connectDatabase('pglite:memory');
    try {
      await db.prepare(schema);
      const [init] = (await migrationStatus({ schemaPath: schema, migrationsDir: migrations, adapter: db.adapter }))
        .applied;
      const file = path.join(migrations, init!, 'migration.sql');
      writeFileSync(file, `${readFileSync(file, 'utf8')}\n-- edited\n`);
      await expect(db.prepare(schema)).rejects.toThrow(/edited since they ran .*_init/);
    } finally {
      await db.close();
    }
  });

  it('writes the SQL of a schema change, and nothing when the folder is in step', async () => {
    const { schema, migrations } = workspace();
    expect(await diffMigrations({ schemaPath: schema, migrationsDir: migrations })).toBe('');
    writeFileSync(
      schema,
      readFileSync(schema, 'utf8').replace('  role        Role', '  timezone    String?\n  role        Role'),
    );
    const sql = await diffMigrations({ schemaPath: schema, migrationsDir: migrations });
    expect(sql).toMatch(/ALTER TABLE "User" ADD COLUMN\s+"timezone" TEXT;/);
  });

  it.skipIf(!postgresBinaries())('lets instances that start together on PostgreSQL take turns', async () => {
    const { schema } = workspace();
    const postgres = await startTestPostgres();
    try {
      const url = await createDatabase(postgres, 'turns');
      const instances = await Promise.all([connectDatabase(url), connectDatabase(url)]);
      const applied: string[] = [];
      await Promise.all(instances.map((db) => db.prepare(schema, undefined, (line) => applied.push(line))));
      expect(applied).toHaveLength(1);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query('SELECT count(*)::int AS n FROM _prisma_migrations');
      await client.end();
      expect(rows[0].n).toBe(1);
      await Promise.all(instances.map((db) => db.close()));
    } finally {
      await postgres.stop();
    }
  });
});
