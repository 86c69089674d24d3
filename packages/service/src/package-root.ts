import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The folder of the package `name`, found the way Node finds the package, from the calling module
 * (`import.meta.url`). Files a package ships (schemas, migrations, the pool file, a Vite build) are
 * located from here, so the same code finds them from its sources, from a service's bundle in
 * `dist/`, and inside an image. The package must export `./package.json`.
 */
export function packageRoot(name: string, from: string): string {
  return path.dirname(createRequire(from).resolve(`${name}/package.json`));
}
