import type { z } from 'zod';

/** A configuration problem, with every bad key named (e.g. `clients[0].callbackUrls[1]: ...`). */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

export function describeIssues(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((issue) => {
    const key = formatIssuePath(issue.path);
    const name = prefix ? (key ? `${prefix}.${key}` : prefix) : key || '(root)';
    return `${name}: ${issue.message}`;
  });
}
