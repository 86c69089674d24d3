import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build as esbuild, type Plugin, stop as stopEsbuild } from 'esbuild';
import { developmentImportsStayLazy } from './development-imports.ts';
import { installedAt } from './installed-at.ts';
import { packageName } from './package-name.ts';
import { bundleOf, outputsOf, repoRoot, sharedInputs, type Target } from './targets.ts';

/** Folders that hold no sources: dependencies, build output, generated test reports. */
const skipped = new Set(['node_modules', 'dist', 'build', 'test-results', 'playwright-report', 'coverage']);

/** Newest modification time of the files under `dir`. */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skipped.has(entry.name) || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

/** True when an output is missing or older than a source it may be built from. */
function isStale(target: Target): boolean {
  const outputs = outputsOf(target);
  if (outputs.some((file) => !existsSync(file))) return true;
  const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  const sources = Math.max(...[target.dir, ...sharedInputs].map((dir) => newest(path.join(repoRoot, dir))));
  return sources > built;
}

/**
 * The workspace packages (`@sso/*`, TypeScript) go into the bundle; every npm dependency stays an
 * import that Node resolves from node_modules at run time, as it would for any package. That only
 * works if the bundle finds the same copy the importing package would: checked here, so that a
 * dependency npm nested inside one workspace fails the build instead of the service's start.
 */
function dependenciesStayExternal(outdir: string, imported: Set<string>): Plugin {
  return {
    name: 'dependencies-stay-external',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('@sso/')) return undefined;
        if (args.path.startsWith('node:')) return { external: true };
        const name = packageName(args.path);
        imported.add(name);
        const expected = installedAt(name, args.resolveDir);
        if (expected && installedAt(name, outdir) !== expected) {
          return {
            errors: [
              {
                text: `${name} is installed at ${path.relative(repoRoot, expected)}, where ${path.relative(repoRoot, outdir)} cannot load it: let npm hoist it (npm dedupe) or make it a dependency of the service`,
              },
            ],
          };
        }
        return { external: true };
      });
    },
  };
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${output}`)),
    );
  });
}

/**
 * Bundles `entry` into `outfile` as every service is bundled; without `outfile`, only reads what it
 * imports. The npm packages it imports are added to `imported`.
 */
export async function bundle(
  entry: string,
  options: { outfile?: string; outdir: string; developmentOnly: readonly string[]; imported: Set<string> },
): Promise<void> {
  const { outfile } = options;
  await esbuild({
    entryPoints: [entry],
    ...(outfile ? { outfile, sourcemap: 'linked' } : { write: false }),
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    jsx: 'automatic',
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [
      dependenciesStayExternal(options.outdir, options.imported),
      developmentImportsStayLazy(options.developmentOnly),
    ],
  });
}

async function buildTarget(target: Target): Promise<void> {
  const dir = path.join(repoRoot, target.dir);
  if (target.remix) await run('npx', ['--no-install', 'remix', 'vite:build'], dir);
  const outfile = bundleOf(target);
  const outdir = path.dirname(outfile);
  const imported = new Set<string>();
  const developmentOnly = target.runtime?.developmentOnly ?? [];
  await bundle(path.join(dir, target.entry), { outfile, outdir, developmentOnly, imported });
  for (const [name, entry] of Object.entries(target.modules ?? {})) {
    await bundle(path.join(dir, entry), {
      outfile: path.join(outdir, `${name}.js`),
      outdir,
      developmentOnly,
      imported,
    });
  }
  if (!target.runtime) return;
  // The Remix server build imports npm packages of its own (react, @remix-run/*): read them too.
  if (target.remix) await bundle(path.join(dir, 'build/server/index.js'), { outdir, developmentOnly, imported });
  const packages = [...imported].filter((name) => !developmentOnly.includes(name)).sort();
  writeFileSync(path.join(outdir, 'runtime-packages.json'), `${JSON.stringify(packages, null, 2)}\n`);
}

/** Builds the targets whose build is missing or stale (all of them with `force`). */
export async function buildTargets(
  list: Target[],
  options: { force?: boolean; say?: (line: string) => void } = {},
): Promise<void> {
  const say = options.say ?? (() => {});
  for (const target of list) {
    if (!options.force && !isStale(target)) {
      say(`${target.name}: build is up to date`);
      continue;
    }
    say(`${target.name}: building…`);
    const started = performance.now();
    await buildTarget(target);
    say(`${target.name}: built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  // esbuild keeps a helper process for the next build; the stack would carry it along.
  await stopEsbuild();
}
