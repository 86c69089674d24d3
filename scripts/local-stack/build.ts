import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './settings.ts';

/** Newest modification time under `dir` (skipping dependencies and build output). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'build' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

/** The sources a product's build depends on: its app folder and the shared UI package. */
function isStale(app: string): boolean {
  const output = path.join(repoRoot, 'apps', app, 'build/server/index.js');
  if (!existsSync(output)) return true;
  const sources = Math.max(
    newest(path.join(repoRoot, 'apps', app)),
    newest(path.join(repoRoot, 'packages/product-app/src')),
  );
  return sources > statSync(output).mtimeMs;
}

/** Builds the products whose build is missing or older than their sources. */
export async function buildProducts(apps: string[], say: (line: string) => void): Promise<void> {
  for (const app of apps) {
    if (!isStale(app)) {
      say(`${app}: build is up to date`);
      continue;
    }
    say(`${app}: building (vite)…`);
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn('npm', ['run', 'build', '--workspace', `@sso/${app}`], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${app} build failed:\n${output}`))));
    });
    say(`${app}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
