import { z } from 'zod';

/**
 * Settings every service reads the same way. Each service declares its own schema with these
 * fields and parses it once at start; a bad value stops it with a message that names the key.
 */

export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
export type LogLevel = z.output<typeof logLevel>;

/** Every service stores its state in PostgreSQL: the cluster's server, or the local stack's. */
export const databaseUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/[^/]+\/[^/?]+/, 'must be a PostgreSQL URL: postgres://user:password@host:port/database');

/** Connections in the service's pool. */
export const databasePoolSize = z.coerce.number().int().min(1).max(100);

export const port = z.coerce.number().int().min(0).max(65535);

/** An http(s) URL without a trailing slash. */
export const httpUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));

export const awsRegion = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must look like us-east-1');

export const userPoolId = z
  .string()
  .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d_[0-9a-zA-Z]+$/, 'must look like us-east-1_AbCdEf123');

/** Bad settings, each named by its key (e.g. `DATABASE_URL: must be …`, `clients[0].callbackUrls[1]: …`). */
export class SettingsError extends Error {
  override name = 'SettingsError';
  readonly source: string;
  readonly problems: string[];

  constructor(source: string, problems: string[]) {
    super(`Invalid configuration in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.source = source;
    this.problems = problems;
  }
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

/** zod's issues as `key: message` lines. */
export function describeIssues(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((issue) => {
    const key = formatIssuePath(issue.path);
    const name = prefix ? (key ? `${prefix}.${key}` : prefix) : key || '(root)';
    return `${name}: ${issue.message}`;
  });
}

/** Parses `input` (the environment, a config file) with `schema`, or throws SettingsError. */
export function parseSettings<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  source = 'the environment',
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (!result.success) throw new SettingsError(source, describeIssues(result.error));
  return result.data;
}

const migrationEnvironment = z.object({ DATABASE_URL: databaseUrl, LOG_LEVEL: logLevel.default('info') });

/** What `migrate` (a cluster's init container) reads: only the database and the log level. */
export function readMigrationSettings(env: Record<string, string | undefined> = process.env): {
  databaseUrl: string;
  logLevel: LogLevel;
} {
  const e = parseSettings(migrationEnvironment, env);
  return { databaseUrl: e.DATABASE_URL, logLevel: e.LOG_LEVEL };
}
