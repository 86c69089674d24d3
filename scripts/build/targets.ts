import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * What `npm run build` makes. Each service runs as one JavaScript file in its `dist/` (its code and
 * the workspace packages it uses, bundled; npm dependencies stay in node_modules); the products
 * also have their Remix build (`build/client`, `build/server`).
 */
export interface Target {
  name: string;
  /** The workspace folder, from the repository root. */
  dir: string;
  /** TypeScript entry → JavaScript bundle, both relative to `dir`. */
  bundle: { entry: string; outfile: string };
  /** Runs `remix vite:build` in `dir` first. */
  remix: boolean;
}

export const targets: Target[] = [
  {
    name: 'login-server',
    dir: 'apps/login-server',
    bundle: { entry: 'src/main.ts', outfile: 'dist/main.js' },
    remix: false,
  },
  { name: 'product-a', dir: 'apps/product-a', bundle: { entry: 'server.ts', outfile: 'dist/server.js' }, remix: true },
  { name: 'product-b', dir: 'apps/product-b', bundle: { entry: 'server.ts', outfile: 'dist/server.js' }, remix: true },
  // `npm start` itself: the process that runs the stack for as long as it is up carries no compiler.
  {
    name: 'local-stack',
    dir: 'scripts/local-stack',
    bundle: { entry: 'main.ts', outfile: 'dist/main.js' },
    remix: false,
  },
];

/** Sources every target may be built from: its own folder, the shared packages and the product databases. */
export const sharedInputs = ['packages', 'prisma', 'scripts/build'];

/** The files a target's build writes; the oldest of them dates the build. */
export function outputsOf(target: Target): string[] {
  const outputs = [path.join(target.dir, target.bundle.outfile)];
  if (target.remix) outputs.push(path.join(target.dir, 'build/server/index.js'));
  return outputs.map((file) => path.join(repoRoot, file));
}
