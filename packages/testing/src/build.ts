import { execFile } from 'node:child_process';
import { mkdirSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A build older than this is a build whose process died: its lock no longer counts. */
const abandonedLockMs = 10 * 60_000;

/**
 * Builds the services named (`login-server`, `product-a`, `product-b`) when their build is stale,
 * as `npm start` does. Test files run in parallel and share the services' `dist/` and `build/`
 * folders, so one build runs at a time (a lock folder beside the other test files' builds); the
 * ones that wait find the build up to date.
 */
export async function buildServices(...names: string[]): Promise<void> {
  const lock = path.join(tmpdir(), `sso-build-${Buffer.from(repoRoot).toString('base64url')}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > abandonedLockMs) rmdirSync(lock);
      } catch {
        // released meanwhile
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    await promisify(execFile)(
      process.execPath,
      ['--experimental-strip-types', 'scripts/build/main.ts', '--if-stale', ...names],
      { cwd: repoRoot },
    );
  } finally {
    rmdirSync(lock);
  }
}
