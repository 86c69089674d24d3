#!/usr/bin/env -S node --import tsx
/**
 * sso-prisma-migrate create --schema prisma/schema.prisma --name add_users
 * sso-prisma-migrate deploy --schema prisma/schema.prisma [--url postgres://... | --pglite <dir>]
 * sso-prisma-migrate status --schema prisma/schema.prisma [--url postgres://... | --pglite <dir>]
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { connectDatabase } from './database.ts';
import { diffMigrations, migrationStatus } from './index.ts';
import { lockfileContent, lockfileName } from './migrations-dir.ts';

const usage =
  'usage: sso-prisma-migrate <create|deploy|status> --schema <schema.prisma> [--name <name>] [--url <postgres url> | --pglite <dir>]';

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      schema: { type: 'string' },
      name: { type: 'string' },
      url: { type: 'string' },
      pglite: { type: 'string' },
    },
  });
  const [command] = positionals;
  if (!command || !values.schema) throw new Error(usage);
  const schemaPath = path.resolve(values.schema);
  if (!existsSync(schemaPath)) throw new Error(`no schema at ${schemaPath}`);
  const migrationsDir = path.join(path.dirname(schemaPath), 'migrations');

  if (command === 'create') {
    if (!values.name || !/^\w+$/.test(values.name)) throw new Error('--name must be letters, digits or _');
    const sql = await diffMigrations({ schemaPath, migrationsDir });
    if (!sql) return console.log('No schema changes');
    const folder = path.join(migrationsDir, `${timestamp()}_${values.name}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'migration.sql'), sql);
    const lockfile = path.join(migrationsDir, lockfileName);
    if (!existsSync(lockfile)) {
      writeFileSync(lockfile, lockfileContent);
    }
    return console.log(`Created ${path.relative(process.cwd(), folder)}/migration.sql`);
  }

  const url = values.pglite ? `pglite:${values.pglite}` : (values.url ?? process.env.DATABASE_URL);
  if (!url) throw new Error('give --url <postgres url>, --pglite <dir>, or DATABASE_URL');
  const database = await connectDatabase(url);
  try {
    if (command === 'deploy') {
      // Under the start-up lock, so instances starting at the same time wait instead of racing.
      await database.prepare(schemaPath, undefined, (line) => console.log(line));
      console.log(`Migrations of ${path.relative(process.cwd(), schemaPath)} are applied (${database.location})`);
    } else if (command === 'status') {
      const { applied, pending } = await migrationStatus({ schemaPath, migrationsDir, adapter: database.adapter });
      console.log(
        `Applied (${applied.length}): ${applied.join(', ') || '-'}\nPending (${pending.length}): ${pending.join(', ') || '-'}`,
      );
    } else {
      throw new Error(usage);
    }
  } finally {
    await database.close();
  }
}

/** Prisma's folder prefix: UTC YYYYMMDDHHMMSS. */
function timestamp(): string {
  return new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`sso-prisma-migrate: ${error.message}`);
  process.exit(1);
});
