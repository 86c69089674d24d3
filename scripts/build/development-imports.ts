import type { Metafile, Plugin } from 'esbuild';
import { packageName } from './package-name.ts';

type Inputs = Metafile['inputs'];

/** The modules from an entry point to `module`, following the bundle's imports (shortest path). */
function chainTo(module: string, entries: string[], inputs: Inputs): string[] {
  const cameFrom = new Map<string, string | undefined>(entries.map((entry) => [entry, undefined]));
  const queue = [...entries];
  while (queue.length > 0) {
    const at = queue.shift()!;
    if (at === module) break;
    for (const { path: next, external } of inputs[at]?.imports ?? []) {
      if (external || cameFrom.has(next) || !(next in inputs)) continue;
      cameFrom.set(next, at);
      queue.push(next);
    }
  }
  if (!cameFrom.has(module)) return [module];
  const chain = [module];
  for (let at = cameFrom.get(module); at !== undefined; at = cameFrom.get(at)) chain.unshift(at);
  return chain;
}

/**
 * Refuses a bundle that would load a development-only package (`developmentOnly`, the list the
 * image leaves out: targets.ts) when it starts. esbuild hoists every static `import`/`export … from`
 * of an external package to the top of the bundle, even one in a module reached only through
 * `import()` or a function never called in production; `await import()` of the package itself stays
 * lazy, and is what code run only in development uses.
 */
export function developmentImportsStayLazy(developmentOnly: readonly string[]): Plugin {
  return {
    name: 'development-imports-stay-lazy',
    setup(build) {
      build.initialOptions.metafile = true;
      build.onEnd((result) => {
        if (!result.metafile) return undefined;
        const { inputs, outputs } = result.metafile;
        const entries = Object.values(outputs).flatMap((output) => (output.entryPoint ? [output.entryPoint] : []));
        const errors = Object.entries(inputs).flatMap(([module, { imports }]) =>
          imports
            .filter((i) => i.external && i.kind === 'import-statement' && developmentOnly.includes(packageName(i.path)))
            .map((i) => ({
              text:
                `${packageName(i.path)} is development-only (built services run without it), yet ${module} imports it ` +
                `statically, so the bundle would load it at start: ${chainTo(module, entries, inputs).join(' → ')}. ` +
                `Import it with \`await import('${i.path}')\` where development uses it.`,
            })),
        );
        return { errors };
      });
    },
  };
}
