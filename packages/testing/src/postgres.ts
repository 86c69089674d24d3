import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './ports.ts';

/**
 * A throwaway PostgreSQL server on 127.0.0.1 for tests of shared state, made from the machine's
 * PostgreSQL binaries (as the `postgres` user when running as root, which initdb refuses).
 * Returns undefined, with the reason, when no binaries are installed.
 */
export interface TestPostgres {
  url(database?: string): string;
  stop(): Promise<void>;
}

function findBin(name: string): string | undefined {
  const candidates = ['/usr/local/bin', '/usr/bin'];
  const versioned = '/usr/lib/postgresql';
  if (existsSync(versioned)) {
    for (const version of readdirSync(versioned).sort().reverse())
      candidates.push(path.join(versioned, version, 'bin'));
  }
  return candidates.map((dir) => path.join(dir, name)).find((file) => existsSync(file));
}

export function postgresBinaries(): { initdb: string; postgres: string } | undefined {
  const initdb = findBin('initdb');
  const postgres = findBin('postgres');
  return initdb && postgres ? { initdb, postgres } : undefined;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const bins = postgresBinaries();
  if (!bins) throw new Error('PostgreSQL binaries (initdb, postgres) not found; install the postgresql package');
  const asRoot = process.getuid?.() === 0;
  const run = (file: string, args: string[]) =>
    // setpriv execs in place (runuser would fork and not pass our stop signal on to postgres).
    asRoot
      ? (['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', file, ...args]] as const)
      : ([file, args] as const);

  const dir = mkdtempSync(path.join(tmpdir(), 'pg-test-'));
  chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const [initCmd, initArgs] = run(bins.initdb, [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  execFileSync(initCmd, initArgs, { stdio: 'ignore' });

  const port = await freePort();
  const [cmd, args] = run(bins.postgres, [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
  ]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => {
    log += chunk;
  });
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  await waitUntilAccepting(url(), () => log, child);

  return {
    url,
    async stop() {
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilAccepting(url: string, log: () => string, child: ReturnType<typeof spawn>) {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`postgres exited:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`postgres did not start:\n${log()}`);
}

/** Creates an empty database on the server (one per test, so tests do not share state). */
export async function createDatabase(server: TestPostgres, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: server.url() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return server.url(name);
}
