/**
 * sso-prisma-migrate deploy --schema prisma/schema.prisma [--url postgres://...]   (or DATABASE_URL)
 * sso-prisma-migrate status --schema prisma/schema.prisma [--url postgres://...]
 * sso-prisma-migrate create --schema prisma/schema.prisma --name add_users [--url postgres://...]
 *
 * `create` replays the migrations on a throwaway database to diff them with the schema: on the
 * server `--url` names (its role needs CREATEDB), else on a throwaway local PostgreSQL.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { scratchDir, startLocalPostgres } from '@sso/local-postgres';
import { connectDatabase } from './database.ts';
import { engineAdapter } from './engine.ts';
import { diffMigrations, migrationStatus } from './index.ts';
import { lockfileContent, lockfileName } from './migrations-dir.ts';

const usage =
  'usage: sso-prisma-migrate <create|deploy|status> --schema <schema.prisma> [--name <name>] [--url <postgres url>]';

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { schema: { type: 'string' }, name: { type: 'string' }, url: { type: 'string' } },
  });
  const [command] = positionals;
  if (!command || !values.schema) throw new Error(usage);
  const schemaPath = path.resolve(values.schema);
  if (!existsSync(schemaPath)) throw new Error(`no schema at ${schemaPath}`);
  const migrationsDir = path.join(path.dirname(schemaPath), 'migrations');

  if (command === 'create') {
    if (!values.name || !/^\w+$/.test(values.name)) throw new Error('--name must be letters, digits or _');
    const sql = await withServer(values.url, (serverUrl) => diffMigrations({ schemaPath, migrationsDir, serverUrl }));
    if (!sql) return console.log('No schema changes');
    const folder = path.join(migrationsDir, `${timestamp()}_${values.name}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'migration.sql'), sql);
    const lockfile = path.join(migrationsDir, lockfileName);
    if (!existsSync(lockfile)) writeFileSync(lockfile, lockfileContent);
    return console.log(`Created ${path.relative(process.cwd(), folder)}/migration.sql`);
  }

  const url = values.url ?? process.env.DATABASE_URL;
  if (!url) throw new Error('give --url <postgres url> or set DATABASE_URL');
  if (command === 'deploy') {
    const database = connectDatabase(url, { poolSize: 2 });
    try {
      // Under the start-up lock, so instances starting at the same time wait instead of racing.
      await database.prepare(schemaPath, undefined, (line) => console.log(line));
      console.log(`Migrations of ${path.relative(process.cwd(), schemaPath)} are applied (${database.location})`);
    } finally {
      await database.close();
    }
  } else if (command === 'status') {
    const engine = engineAdapter(url);
    try {
      const { applied, pending } = await migrationStatus({ schemaPath, migrationsDir, adapter: engine.adapter });
      console.log(
        `Applied (${applied.length}): ${applied.join(', ') || '-'}\nPending (${pending.length}): ${pending.join(', ') || '-'}`,
      );
    } finally {
      await engine.end();
    }
  } else {
    throw new Error(usage);
  }
}

/** Runs `work` with a server URL: the given one, else a throwaway local PostgreSQL's. */
async function withServer<T>(url: string | undefined, work: (serverUrl: string) => Promise<T>): Promise<T> {
  if (url) return work(url);
  const dir = scratchDir('prisma-shadow-');
  const server = await startLocalPostgres({
    dataDir: path.join(dir, 'data'),
    port: 0,
    superuserPassword: 'shadow',
    durable: false,
  });
  try {
    return await work(server.adminUrl());
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
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
