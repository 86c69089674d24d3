import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, testDatabase } from '@sso/testing';
import { describe, expect, it } from 'vitest';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(
  env: Record<string, string | undefined>,
  args: string[] = [],
): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
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
  return { child, output: () => output, exited };
}

async function waitFor(url: string, exited: Promise<unknown>): Promise<Response> {
  let done = false;
  void exited.then(() => {
    done = true;
  });
  for (let i = 0; i < 300 && !done; i++) {
    try {
      return await fetch(url);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${url} never answered`);
}

/** The real process: structured logs, health and readiness, clean shutdown, and config errors. */
describe('login server process', () => {
  it('starts, reports ready, logs JSON, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const { child, output, exited } = run({
      LOGIN_SERVER_PORT: String(port),
      LOGIN_SERVER_BASE_URL: `http://localhost:${port}`,
      DATABASE_URL: await testDatabase('login_server'),
    });
    const health = await waitFor(`http://127.0.0.1:${port}/health`, exited);
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
});
