import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** The folder Node would load package `name` from, looking up from `dir` (undefined if none). */
export function installedAt(name: string, dir: string): string | undefined {
  for (let at = dir; ; at = path.dirname(at)) {
    const candidate = path.join(at, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return realpathSync(candidate);
    if (at === path.dirname(at)) return undefined;
  }
}
