/**
 * `npm run build [-- login-server product-a …] [-- --if-stale]`: the services as JavaScript, ready
 * for `node dist/…` (see targets.ts). Without names, all of them.
 */
import { parseArgs } from 'node:util';
import { buildTargets } from './build.ts';
import { targets } from './targets.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'if-stale': { type: 'boolean', default: false } },
});
const unknown = positionals.filter((name) => !targets.some((t) => t.name === name));
if (unknown.length) {
  console.error(`unknown build target(s): ${unknown.join(', ')} (known: ${targets.map((t) => t.name).join(', ')})`);
  process.exit(64);
}
const chosen = positionals.length ? targets.filter((t) => positionals.includes(t.name)) : targets;
try {
  await buildTargets(chosen, { force: !values['if-stale'], say: (line) => console.log(line) });
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
