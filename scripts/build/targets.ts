import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * What `npm run build` makes. Each service runs as one JavaScript file, `dist/main.js` (its code and
 * the workspace packages it uses, bundled; npm dependencies stay in node_modules); the products
 * also have their Remix build (`build/client`, `build/server`).
 */
export interface Target {
  name: string;
  /** The workspace folder, from the repository root. */
  dir: string;
  /** The TypeScript entry, relative to `dir`; the bundle is `dist/main.js`. */
  entry: string;
  /** Runs `remix vite:build` in `dir` first. */
  remix: boolean;
  /**
   * Other modules built beside the service, each as `dist/<name>.js` from its TypeScript entry
   * (relative to `dir`): e.g. Lambda trigger handlers that the login server's pool file names.
   */
  modules?: Record<string, string>;
  /**
   * What the service needs at run time besides its npm dependencies (`npm run build` lists those in
   * `dist/runtime-packages.json`): the files (from the repository root), the workspace packages it
   * finds through node_modules (`packageRoot`), and the packages only development loads: the
   * image leaves them out, and the build refuses a bundle that imports one statically
   * (development-imports.ts).
   */
  runtime?: { files: string[]; links: string[]; developmentOnly: string[] };
}

/** Tools of development and of the build: no built service loads them. */
const developmentTools = ['vite', '@remix-run/dev', 'vitest', 'typescript', 'tsx', 'esbuild', 'prisma'];

const product = (name: 'product-a' | 'product-b', modules?: Record<string, string>): Target => ({
  name,
  dir: `apps/${name}`,
  entry: 'server.ts',
  remix: true,
  modules,
  runtime: {
    files: [
      `apps/${name}/package.json`,
      `apps/${name}/dist`,
      `apps/${name}/build`,
      'prisma/package.json',
      `prisma/${name}/schema.prisma`,
      `prisma/${name}/migrations`,
    ],
    links: ['@sso/product-db'],
    // Among them Vite: `NODE_ENV=development` serves through it, from the sources; the build never does.
    developmentOnly: developmentTools,
  },
});

export const targets: Target[] = [
  {
    name: 'login-server',
    dir: 'apps/login-server',
    entry: 'src/main.ts',
    remix: false,
    runtime: {
      // Not config/local-pool.yaml: the demo pool (and its client secrets) stays out of images.
      files: [
        'apps/login-server/package.json',
        'apps/login-server/dist',
        'apps/login-server/prisma/schema.prisma',
        'apps/login-server/prisma/migrations',
      ],
      links: [],
      developmentOnly: developmentTools,
    },
  },
  // Product A's user migration trigger (docs/decisions/0015): local-pool.yaml names this build.
  product('product-a', { 'triggers/user-migration': 'triggers/user-migration.ts' }),
  product('product-b'),
  // `npm start` itself: the process that runs the stack for as long as it is up carries no compiler.
  { name: 'local-stack', dir: 'scripts/local-stack', entry: 'main.ts', remix: false },
];

export const bundleOf = (target: Target) => path.join(repoRoot, target.dir, 'dist/main.js');

/** Sources every target may be built from: its own folder, the shared packages and the product databases. */
export const sharedInputs = ['packages', 'prisma', 'scripts/build'];

/** The files a target's build writes; the oldest of them dates the build. */
export function outputsOf(target: Target): string[] {
  const outputs = [bundleOf(target)];
  if (target.remix) outputs.push(path.join(repoRoot, target.dir, 'build/server/index.js'));
  for (const name of Object.keys(target.modules ?? {}))
    outputs.push(path.join(repoRoot, target.dir, `dist/${name}.js`));
  return outputs;
}
