import { readFileSync, statSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { stack } from './stack.ts';

const size = () => statSync(stack.log, { throwIfNoEntry: false })?.size ?? 0;

/**
 * The log of the stack the suite started (stack.log) from now on: `lines()` gives what its
 * services printed since this call, without colours, e.g. `12:00:01 [A] WARN session check failed, …`.
 */
export function stackLogFromNow(): { lines(): string[] } {
  const from = size();
  return {
    lines() {
      if (size() <= from) return [];
      return stripVTControlCharacters(readFileSync(stack.log).subarray(from).toString('utf8'))
        .split('\n')
        .filter(Boolean);
    },
  };
}
