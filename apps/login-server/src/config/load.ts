import { readFileSync } from 'node:fs';
import path from 'node:path';
import { databasePoolSize, databaseUrl, logLevel, packageRoot, parseSettings, port } from '@sso/service';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { defaults } from './defaults.ts';
import { ConfigError, describeIssues } from './errors.ts';
import { type PoolConfig, poolConfig } from './schema.ts';

/** The local stack's pool file, shipped with the server (never in an image: the cluster mounts its own). */
export const defaultConfigFile = path.join(packageRoot('@sso/login-server', import.meta.url), 'config/local-pool.yaml');

/** Environment variables the server reads. Each overrides its file setting. */
const envSchema = z.object({
  LOGIN_SERVER_CONFIG: z.string().min(1).optional(),
  LOGIN_SERVER_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOGIN_SERVER_PORT: port.optional(),
  LOGIN_SERVER_HOST: z.string().min(1).optional(),
  DATABASE_URL: databaseUrl,
  DATABASE_POOL_SIZE: databasePoolSize.default(defaults.databasePoolSize),
  LOG_LEVEL: logLevel.default('info'),
});

export interface ServerConfig extends PoolConfig {
  databaseUrl: string;
  databasePoolSize: number;
  logLevel: z.output<typeof envSchema>['LOG_LEVEL'];
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

function readPoolConfigFile(file: string): PoolConfig {
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
  const vars = parseSettings(envSchema, env);
  const configFile = path.resolve(vars.LOGIN_SERVER_CONFIG ?? defaultConfigFile);
  const pool = readPoolConfigFile(configFile);
  return withEnvironment(pool, env, configFile);
}

/** The pool file's settings with the environment's overrides (validated here, bad keys named). */
export function withEnvironment(
  pool: PoolConfig,
  env: Record<string, string | number | undefined>,
  configFile: string,
): ServerConfig {
  const vars = parseSettings(envSchema, env);
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
    databaseUrl: vars.DATABASE_URL,
    databasePoolSize: vars.DATABASE_POOL_SIZE,
    logLevel: vars.LOG_LEVEL,
    issuer: `${server.baseUrl}/${server.userPoolId}`,
    configFile,
  };
}
