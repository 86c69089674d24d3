import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { onFreePort } from '@sso/local-postgres';
import { waitUntilReady } from '@sso/service';
import { stringify } from 'yaml';
import { repoRoot } from './build.ts';
import { testDatabase } from './database.ts';

/**
 * The login server's program, found through its package's public entry (`@sso/login-server/main`)
 * and run from its sources with the TypeScript loader, so tests need no build. Resolved, never
 * imported: this package does not depend on the app, it starts it as a process.
 */
const require = createRequire(import.meta.url);
const program = () => require.resolve('@sso/login-server/main');
const typeScriptLoader = () => pathToFileURL(require.resolve('tsx')).href;

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
  const databaseUrl = await testDatabase('login_server');
  const { baseUrl, listenUrl, child, dir } = await onFreePort(async (port) => {
    const baseUrl = `http://localhost:${options.publicPort ?? port}`;
    const dir = mkdtempSync(path.join(tmpdir(), 'login-server-'));
    const configFile = path.join(dir, 'pool.yaml');
    writeFileSync(configFile, stringify(pool));
    const child = spawn(process.execPath, ['--import', typeScriptLoader(), program()], {
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
    // Exited, and all it wrote read: why it exited (EADDRINUSE: try another port) is in `stderr`.
    let gone = false;
    child.once('close', () => {
      gone = true;
    });
    const listenUrl = `http://127.0.0.1:${port}`;
    try {
      await waitUntilReady(`${listenUrl}/ready`, {
        name: 'the login server',
        timeoutMs: 30_000,
        exited: () => gone,
        output: () => stderr,
      });
    } catch (error) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    return { baseUrl, listenUrl, child, dir };
  });
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
