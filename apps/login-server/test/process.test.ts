import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onFreePort, testDatabase } from '@sso/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { firstAnswer } from './support/polling.ts';
import { spawnStopped, stopStartedProcesses } from './support/processes.ts';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(appDir, '../..');

// Every server started here is killed when its test ends, however it ends (a timeout included).
stopStartedProcesses();
const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function run(
  env: Record<string, string | undefined>,
  args: string[] = [],
): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Exited, and all it wrote read. */
  closed: Promise<void>;
} {
  const child = spawnStopped(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: appDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return { child, output: () => output, exited, closed };
}

/** Whether a process runs (a killed one may linger as a zombie until it is reaped). */
function isRunning(pid: number): boolean {
  try {
    // /proc/<pid>/stat: "pid (command) state ..."; the command may hold spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** The real process: structured logs, health and readiness, clean shutdown, and config errors. */
describe('login server process', () => {
  it('starts, reports ready, logs JSON, and stops cleanly on SIGTERM', async () => {
    const databaseUrl = await testDatabase('login_server');
    const { port, child, output, exited, health } = await onFreePort(async (port) => {
      const started = run({
        LOGIN_SERVER_PORT: String(port),
        LOGIN_SERVER_BASE_URL: `http://localhost:${port}`,
        DATABASE_URL: databaseUrl,
      });
      const health = await firstAnswer(`http://127.0.0.1:${port}/health`, started.closed).catch((error: Error) => {
        throw new Error(`${error.message}: ${started.output()}`);
      });
      return { port, health, ...started };
    });
    expect(health.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/ready`);
    expect(await ready.json()).toEqual({ status: 'ready' });

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; level: number });
    expect(lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining([expect.stringContaining('login server ready'), 'shutting down', 'stopped']),
    );
  });

  it('refuses to start on a bad config, naming the key, without a stack trace', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bad-pool-'));
    scratch.push(dir);
    const file = path.join(dir, 'pool.yaml');
    writeFileSync(file, 'clients:\n  - clientId: a\n    clientName: A\n    callbackUrls: [http://example.com/cb]\n');
    const { output, exited } = run({ LOGIN_SERVER_CONFIG: file, DATABASE_URL: await testDatabase('login_server') });
    expect(await exited).toBe(78);
    expect(output()).toContain('clients[0].callbackUrls[0]: must use https');
    expect(output()).not.toMatch(/\n\s+at /);
  });

  it('names a missing DATABASE_URL instead of starting without a database', async () => {
    const { output, exited } = run({ DATABASE_URL: undefined });
    expect(await exited).toBe(78);
    expect(output()).toMatch(/DATABASE_URL: /);
  });

  it("migrates an empty database and exits with `migrate` (the cluster's init container)", async () => {
    const { output, exited } = run({ DATABASE_URL: await testDatabase(), LOG_LEVEL: 'info' }, ['migrate']);
    expect(await exited).toBe(0);
    expect(output()).toMatch(/applied migrations: \d{14}_init/);
    expect(output()).toContain('database migrated');
    expect(output()).not.toContain('seed user created');
    expect(output()).not.toContain('login server ready');
  });

  it('kills what a test started when the test times out, children of children included', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'timed-out-'));
    scratch.push(dir);
    const pidFile = path.join(dir, 'pids');
    const vitest = spawnStopped(
      process.execPath,
      [path.join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/fixtures/vitest.config.ts'],
      { cwd: appDir, env: { ...process.env, STARTED_PIDS: pidFile }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    vitest.stdout?.on('data', (chunk) => (output += chunk));
    vitest.stderr?.on('data', (chunk) => (output += chunk));
    const code = await new Promise((resolve) => vitest.once('exit', resolve));
    expect(output).toMatch(/Test timed out in 1000ms/);
    expect(code).toBe(1);
    // The process the timed-out test started, and the one that process started: neither runs.
    const pids = readFileSync(pidFile, 'utf8').trim().split('\n').map(Number);
    try {
      expect(pids).toHaveLength(2);
      expect(pids.filter(isRunning)).toEqual([]);
    } finally {
      // Should it fail, this test leaves nothing behind either.
      for (const pid of pids.filter(isRunning)) process.kill(pid, 'SIGKILL');
    }
  });
});
