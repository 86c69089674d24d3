import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@sso/local-postgres';
import { stringify } from 'yaml';
import { testDatabase } from './database.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface LoginServerProcess {
  /** The public base URL (hosted UI and OAuth2 endpoints). */
  baseUrl: string;
  /** The port it really listens on (differs from the base URL's when testing a back channel). */
  listenUrl: string;
  issuer: string;
  stop(): Promise<void>;
}

/**
 * The real login server as its own process, reached over HTTP only (packages must not import
 * apps). `pool` is a pool file's content; the database is a new one of the test run's PostgreSQL.
 */
export async function startLoginServer(
  pool: Record<string, unknown>,
  options: { publicPort?: number } = {},
): Promise<LoginServerProcess> {
  const [port, databaseUrl] = await Promise.all([freePort(), testDatabase('login_server')]);
  const baseUrl = `http://localhost:${options.publicPort ?? port}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'login-server-'));
  const configFile = path.join(dir, 'pool.yaml');
  writeFileSync(configFile, stringify(pool));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'apps/login-server/src/main.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      LOGIN_SERVER_CONFIG: configFile,
      LOGIN_SERVER_PORT: String(port),
      LOGIN_SERVER_HOST: '127.0.0.1',
      LOGIN_SERVER_BASE_URL: baseUrl,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const listenUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(listenUrl, child, () => stderr);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const issuer = `${baseUrl}/${(pool.server as { userPoolId?: string } | undefined)?.userPoolId ?? 'us-east-1_LocalPool'}`;
  return {
    baseUrl,
    listenUrl,
    issuer,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`the login server exited (${child.exitCode}):\n${log()}`);
    try {
      if ((await fetch(`${url}/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the login server did not become ready:\n${log()}`);
}
