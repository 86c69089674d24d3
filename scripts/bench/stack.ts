import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitUntilReady } from '@sso/service';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the local stack answers (scripts/local-stack/settings.ts). */
export const urls = {
  loginServer: 'http://localhost:9229',
  productA: 'http://localhost:8000',
  productB: 'http://localhost:8001',
};

export interface StartedStack {
  process: ChildProcess;
  /** From spawning `npm start`'s command until all three services answered /ready. */
  startSeconds: number;
  stop(): Promise<void>;
}

/**
 * Runs exactly what `npm start` runs (the root package.json's start script), on the given data
 * folder, and waits until the login server and both products are ready. Its output is kept and
 * shown only when it fails.
 */
export async function startStack(dataDir: string, timeoutMs = 180_000): Promise<StartedStack> {
  const { scripts } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const started = performance.now();
  const child = spawn('sh', ['-c', `exec ${scripts.start}`], {
    cwd: repoRoot,
    env: {
      ...process.env,
      SSO_DATA_DIR: dataDir,
      FORCE_COLOR: '0',
      // The products' session check as often as it may be (every second, not every minute), so that
      // the product rows can measure a page whose check is due (main.ts).
      SESSION_CHECK_SECONDS: process.env.SESSION_CHECK_SECONDS ?? '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
  };

  try {
    await Promise.all(
      Object.values(urls).map((url) =>
        waitUntilReady(`${url}/ready`, {
          name: 'the stack',
          timeoutMs,
          exited: () => child.exitCode !== null || child.signalCode !== null,
          output: () => output,
        }),
      ),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { process: child, startSeconds: (performance.now() - started) / 1000, stop };
}
