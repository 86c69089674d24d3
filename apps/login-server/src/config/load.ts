import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError, describeIssues } from './errors.ts';
import { type PoolConfig, poolConfig } from './schema.ts';

const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const repoRoot = path.resolve(appRoot, '../..');

export const defaultConfigFile = path.join(appRoot, 'config/local-pool.yaml');
export const defaultDatabaseUrl = `pglite:${path.join(repoRoot, '.data/login-server')}`;

/** Environment variables the server reads. Each overrides its file setting. */
const envSchema = z.object({
  LOGIN_SERVER_CONFIG: z.string().min(1).optional(),
  LOGIN_SERVER_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOGIN_SERVER_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  LOGIN_SERVER_HOST: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|pglite:)/, 'must be postgres://..., postgresql://... or pglite:<dir|memory>')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
});

export interface ServerConfig extends PoolConfig {
  databaseUrl: string;
  logLevel: z.output<typeof envSchema>['LOG_LEVEL'] & string;
  /** `{baseUrl}/{userPoolId}`, as Cognito's issuer is `https://cognito-idp.{region}.amazonaws.com/{poolId}`. */
  issuer: string;
  configFile: string;
}

/** Parses and validates a pool config document; `source` names it in errors. */
export function parsePoolConfig(raw: unknown, source: string): PoolConfig {
  const result = poolConfig.safeParse(raw ?? {});
  if (!result.success) throw new ConfigError(source, describeIssues(result.error));
  return result.data;
}

export function readPoolConfigFile(file: string): PoolConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? error})`]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigError(file, [`not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`]);
  }
  return parsePoolConfig(raw, file);
}

/** Reads the whole configuration once at start-up: the pool file, then environment overrides. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const envResult = envSchema.safeParse(env);
  if (!envResult.success) throw new ConfigError('the environment', describeIssues(envResult.error));
  const vars = envResult.data;

  const configFile = path.resolve(vars.LOGIN_SERVER_CONFIG ?? defaultConfigFile);
  const pool = readPoolConfigFile(configFile);
  return withEnvironment(pool, vars, configFile);
}

export function withEnvironment(pool: PoolConfig, vars: z.output<typeof envSchema>, configFile: string): ServerConfig {
  const server = {
    ...pool.server,
    baseUrl: vars.LOGIN_SERVER_BASE_URL ?? pool.server.baseUrl,
    port: vars.LOGIN_SERVER_PORT ?? pool.server.port,
    host: vars.LOGIN_SERVER_HOST ?? pool.server.host,
  };
  server.baseUrl = server.baseUrl.replace(/\/+$/, '');
  return {
    ...pool,
    server,
    databaseUrl: vars.DATABASE_URL ?? defaultDatabaseUrl,
    logLevel: vars.LOG_LEVEL ?? 'info',
    issuer: `${server.baseUrl}/${server.userPoolId}`,
    configFile,
  };
}
