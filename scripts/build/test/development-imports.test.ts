import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stop } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { bundle } from '../build.ts';
import { targets } from '../targets.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const product = targets.find((target) => target.name === 'product-a');
const developmentOnly = product?.runtime?.developmentOnly ?? [];

/** The npm packages that the fixture `entry`, bundled as a product's server is, imports. */
async function importsOf(entry: string): Promise<Set<string>> {
  const imported = new Set<string>();
  await bundle(path.join(fixtures, entry), { outdir: path.join(fixtures, 'dist'), developmentOnly, imported });
  return imported;
}

afterAll(() => stop());

describe('a development-only package in a service bundle', () => {
  it('is refused when a bundled module imports it statically, naming it and the modules that reach it', async () => {
    expect(developmentOnly).toContain('typescript');
    await expect(importsOf('static-import.ts')).rejects.toThrow(
      'typescript is development-only (built services run without it), yet scripts/build/test/fixtures/transpile.ts imports it statically, so the bundle would load it at start: scripts/build/test/fixtures/static-import.ts → scripts/build/test/fixtures/transpile.ts.',
    );
  });

  it('is accepted when imported with import()', async () => {
    expect(await importsOf('dynamic-import.ts')).toContain('typescript');
  });
});
