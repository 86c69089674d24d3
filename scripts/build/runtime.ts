/**
 * `node --experimental-strip-types scripts/build/runtime.ts <service> <folder>`: everything a built
 * service runs, assembled in <folder> as the repository lays it out (its image holds it as /app):
 * the service's runtime files (targets.ts) and the npm packages its build imports
 * (`dist/runtime-packages.json`) with their dependencies, copied from node_modules. Nothing a
 * development install adds comes along (no build tools, no optional peers), nor source maps, type
 * declarations, or Prisma's query compilers for other databases than PostgreSQL.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { installedAt } from './installed-at.ts';
import { bundleOf, repoRoot, targets } from './targets.ts';

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** The installed packages `names` need, found as Node finds them: dependencies, optional ones, required peers. */
function closure(names: string[], from: string): Set<string> {
  const found = new Set<string>();
  const queue = names.map((name) => {
    const dir = installedAt(name, from);
    if (!dir) throw new Error(`${name} is imported by the build but not installed (run npm ci)`);
    return dir;
  });
  while (queue.length > 0) {
    const dir = queue.pop()!;
    if (found.has(dir)) continue;
    found.add(dir);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
    const optionalPeers = manifest.peerDependenciesMeta ?? {};
    const needs = [
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.optionalDependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}).filter((name) => !optionalPeers[name]?.optional),
    ];
    for (const name of needs) {
      const next = installedAt(name, dir);
      // An optional dependency for another platform is not installed, and not needed.
      if (next) queue.push(next);
    }
  }
  return found;
}

/** Files no running service reads. */
const unused = /\.(map|d\.ts|d\.mts|d\.cts)$/;
/** Prisma ships a query compiler per database (about 9 MB each); the services use PostgreSQL's. */
const otherPrismaCompiler =
  /query_compiler_(small|fast)_bg\.(?!postgresql\.)|query_compiler_small_bg\.|wasm-compiler-edge/;

function copy(from: string, to: string) {
  cpSync(from, to, {
    recursive: true,
    dereference: true,
    filter: (source) => {
      const name = path.basename(source);
      if (statSync(source).isDirectory()) return name !== 'node_modules' || source === from;
      return !unused.test(name) && !(source.includes('@prisma/client/runtime') && otherPrismaCompiler.test(name));
    },
  });
}

function assemble(service: string, out: string) {
  const target = targets.find((t) => t.name === service);
  if (!target?.runtime)
    throw new Error(
      `unknown service ${service} (one of ${targets
        .filter((t) => t.runtime)
        .map((t) => t.name)
        .join(', ')})`,
    );
  const bundle = bundleOf(target);
  const listed = path.join(path.dirname(bundle), 'runtime-packages.json');
  if (!existsSync(listed)) throw new Error(`${listed} is missing: run npm run build -- ${service} first`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const file of target.runtime.files) copy(path.join(repoRoot, file), path.join(out, file));
  const packages = closure(JSON.parse(readFileSync(listed, 'utf8')) as string[], path.dirname(bundle));
  for (const dir of packages) {
    if (path.relative(repoRoot, dir).split(path.sep).includes('@types')) continue; // declarations only
    copy(dir, path.join(out, path.relative(repoRoot, dir)));
  }
  // Workspace packages found through node_modules at run time: the same links npm makes.
  for (const link of target.runtime.links) {
    const at = path.join(out, 'node_modules', link);
    mkdirSync(path.dirname(at), { recursive: true });
    symlinkSync(path.relative(path.dirname(at), realpathSync(path.join(repoRoot, 'node_modules', link))), at);
  }
  console.log(`${service}: ${packages.size} npm packages and ${target.runtime.files.length} paths in ${out}`);
}

const [service, out] = process.argv.slice(2);
if (!service || !out) {
  console.error('usage: node --experimental-strip-types scripts/build/runtime.ts <service> <folder>');
  process.exit(64);
}
try {
  assemble(service, path.resolve(out));
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
