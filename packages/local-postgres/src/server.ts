import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { findBinaries } from './binaries.ts';
import { onFreePort } from './free-port.ts';
import { settingsFor } from './settings.ts';

export interface LocalPostgresOptions {
  /** The cluster's folder (PGDATA). Made with initdb when it holds no cluster yet. */
  dataDir: string;
  /** The port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** The superuser's password (the caller keeps it, e.g. beside the data). */
  superuserPassword: string;
  /** false for a throwaway cluster (tests): no fsync, no waiting for the disk. */
  durable: boolean;
  /** PostgreSQL's own log lines (stderr), for the caller to show or drop. */
  log?: (line: string) => void;
  /**
   * Listen on every address and accept passwords from this network (CIDR) too, for containers on a
   * bridge. Only in a network namespace of one's own: the default is loopback only.
   */
  network?: string;
}

export interface LocalPostgres {
  port: number;
  pid: number;
  /** True when initdb ran in this start (a new cluster). */
  created: boolean;
  /** A superuser connection URL for `database`. */
  adminUrl(database?: string): string;
  /** Resolves when the server has exited (after `stop`, or if it died). */
  exited: Promise<void>;
  /** Fast shutdown: open sessions are ended, the data is flushed. */
  stop(): Promise<void>;
}

export const superuser = 'postgres';

/**
 * PostgreSQL cannot run as root. As root, initdb and the server run as the `postgres` user (made
 * when missing), which must own the data folder.
 */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, superuser], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      superuser,
    ]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function run(file: string, args: string[], user: ReturnType<typeof runAs>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      ...user,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${path.basename(file)} failed (${code}):\n${output}`)),
    );
  });
}

/** As root the server runs as `postgres`, which must be able to reach the data folder. */
function checkReachable(dataDir: string) {
  for (let dir = path.dirname(path.resolve(dataDir)); ; dir = path.dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the ${superuser} user, which cannot enter ${dir}: allow it (chmod o+x) or use another data folder`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

/** A new folder for a throwaway cluster, reachable by the `postgres` user when running as root. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

async function initialise(options: LocalPostgresOptions, initdb: string, user: ReturnType<typeof runAs>) {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(tmpdir(), `pg-password-${process.pid}-${Date.now()}`);
  writeFileSync(passwordFile, `${options.superuserPassword}\n`, { mode: 0o600 });
  if (user) {
    chownSync(options.dataDir, user.uid, user.gid);
    chownSync(passwordFile, user.uid, user.gid);
  }
  try {
    await run(
      initdb,
      [
        `--pgdata=${options.dataDir}`,
        `--username=${superuser}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        '--no-instructions',
        ...(options.durable ? [] : ['--no-sync']),
      ],
      user,
    );
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/** Lets clients from `cidr` in with a password (pg_hba.conf; initdb allows loopback only). */
function allowNetwork(dataDir: string, cidr: string) {
  const file = path.join(dataDir, 'pg_hba.conf');
  const line = `host all all ${cidr} scram-sha-256`;
  const current = readFileSync(file, 'utf8');
  if (!current.includes(line)) writeFileSync(file, `${current}\n${line}\n`);
}

/** The parent of a process, or undefined when it is gone. */
function parentOf(pid: number): number | undefined {
  try {
    if (existsSync('/proc')) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    }
    return Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).trim());
  } catch {
    return undefined;
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * A server left running by a stack that was killed (its parent is gone, so init adopted it) is
 * stopped; one whose parent still runs belongs to another stack on the same folder: refuse.
 */
async function clearLeftover(dataDir: string, log: (line: string) => void) {
  const lockFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const pid = Number(readFileSync(lockFile, 'utf8').split('\n')[0]);
  if (!pid || !alive(pid)) return; // stale: PostgreSQL removes it itself
  if (parentOf(pid) !== 1) {
    throw new Error(
      `PostgreSQL (pid ${pid}) is already running on ${dataDir}: is another stack using this data folder?`,
    );
  }
  log(`stopping PostgreSQL (pid ${pid}) left running by an earlier stack`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 200 && alive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  if (alive(pid)) throw new Error(`PostgreSQL (pid ${pid}) left by an earlier stack did not stop`);
}

async function waitUntilAccepting(url: string, gone: () => boolean, output: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone()) throw new Error(`PostgreSQL exited:\n${output()}`);
    // Bounded: whatever else holds the port may accept the connection and never answer.
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      // A wrong password means another server answers on this port (or the folder lost its secrets).
      if ((error as { code?: string }).code === '28P01') {
        throw new Error(
          `a PostgreSQL on ${new URL(url).host} refuses this data folder's password: is another server using the port?`,
          { cause: error },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`PostgreSQL did not accept connections within ${timeoutMs / 1000} s:\n${output()}`);
}

/** Starts the cluster in `dataDir` (making it first if needed) and waits until it accepts connections. */
export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const log = options.log ?? (() => {});
  const { initdb, postgres } = await findBinaries();
  const user = runAs();
  // Its parents with the usual permissions (the cluster folder itself is private to PostgreSQL).
  mkdirSync(path.dirname(path.resolve(options.dataDir)), { recursive: true });
  if (user) checkReachable(options.dataDir);
  const created = !existsSync(path.join(options.dataDir, 'PG_VERSION'));
  if (created) await initialise(options, initdb, user);
  else await clearLeftover(options.dataDir, log);
  if (user) chmodSync(options.dataDir, 0o700);
  if (options.network) allowNetwork(options.dataDir, options.network);

  const launch = async (port: number): Promise<LocalPostgres> => {
    const settings = settingsFor({ port, durable: options.durable, everyAddress: Boolean(options.network) });
    // Its own process group: Ctrl-C in the terminal reaches the services, and the stack stops the
    // database last, once they have closed their connections.
    const child = spawn(postgres, ['-D', options.dataDir, ...settings.flatMap((s) => ['-c', s])], {
      ...user,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    let recent: string[] = [];
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter(Boolean)) {
        recent = [...recent.slice(-30), line];
        log(line);
      }
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Exited, and all it wrote read (why it exited: e.g. its port taken meanwhile).
    let gone = false;
    child.once('close', () => {
      gone = true;
    });
    const adminUrl = (database = 'postgres') =>
      `postgres://${superuser}:${encodeURIComponent(options.superuserPassword)}@127.0.0.1:${port}/${database}`;
    try {
      await waitUntilAccepting(
        adminUrl(),
        () => gone,
        () => recent.join('\n'),
      );
    } catch (error) {
      child.kill('SIGQUIT');
      await exited;
      throw error;
    }
    return {
      port,
      pid: child.pid!,
      created,
      adminUrl,
      exited,
      async stop() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGQUIT'), 15_000);
        await exited;
        clearTimeout(timer);
      },
    };
  };
  // Another process may take a free port before PostgreSQL binds it: then it tries another.
  return options.port ? launch(options.port) : onFreePort(launch);
}
