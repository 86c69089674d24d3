// `npm start [-- service …]`: builds what is stale in a short-lived process of its own, so the
// process that runs the stack carries no compiler, then runs the stack from its build
// (local-stack/main.ts). SSO_SKIP_BUILD=1 skips the build step.
// package.json runs this process with a small young generation: it only starts the services and
// relays their output (about 6 MB less, `npm run bench`); the build step and the services run in
// processes of their own, with their own options.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const services = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
if (process.env.SSO_SKIP_BUILD !== '1') {
  const targets = ['local-stack', ...(services.length ? services : ['login-server', 'product-a', 'product-b'])];
  const build = spawnSync(
    process.execPath,
    ['--experimental-strip-types', 'scripts/build/main.ts', '--if-stale', ...targets],
    { cwd: root, stdio: 'inherit' },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
}
await import('./local-stack/dist/main.js');
