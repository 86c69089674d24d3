import {
  awsRegion,
  databasePoolSize,
  databaseUrl,
  httpUrl,
  type LogLevel,
  logLevel,
  parseSettings,
  port,
  SettingsError,
  userPoolId,
} from '@sso/service';
import { z } from 'zod';
import { defaults } from './defaults.ts';

/**
 * Everything a product reads from its environment, validated once at start. Local values come
 * from the local stack (scripts/local-stack/settings.ts), cluster values from Kubernetes; nothing
 * here defaults to a secret.
 */
const environment = z.object({
  PORT: port,
  HOST: z.string().min(1).default(defaults.host),
  APP_URL: httpUrl,
  DATABASE_URL: databaseUrl,
  DATABASE_POOL_SIZE: databasePoolSize.default(defaults.databasePoolSize),
  SESSION_SECRET: z
    .string()
    .transform((value) => value.split(',').map((s) => s.trim()))
    .pipe(z.array(z.string().min(32, 'each secret must be at least 32 characters')).min(1)),
  COGNITO_CLIENT_ID: z.string().min(1),
  COGNITO_CLIENT_SECRET: z.string().min(1).optional(),
  COGNITO_REGION: awsRegion.optional(),
  COGNITO_USER_POOL_ID: userPoolId.optional(),
  COGNITO_ISSUER: httpUrl.optional(),
  COGNITO_HOSTED_UI_URL: httpUrl,
  COGNITO_BACKCHANNEL_URL: httpUrl.optional(),
  COGNITO_SCOPES: z.string().default(defaults.scopes),
  SESSION_CHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(defaults.sessionCheckSeconds),
  // Demo users (an admin among them) only where asked for: the local stack and the kind local overlay.
  DEMO_SEED: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: logLevel.default('info'),
});

export interface ProductSettings {
  port: number;
  host: string;
  appUrl: string;
  /** `{appUrl}/auth/callback`: registered exactly, as Cognito compares it character for character. */
  redirectUri: string;
  /** `{appUrl}/`: where the hosted logout sends people back. */
  logoutUri: string;
  /** The session cookie is Secure when the app is served over https. */
  secureCookies: boolean;
  databaseUrl: string;
  databasePoolSize: number;
  sessionSecrets: string[];
  /** At most this often a session is re-checked with the login service (GetUser). */
  sessionCheckSeconds: number;
  cognito: {
    clientId: string;
    clientSecret?: string;
    issuer: string;
    hostedUiUrl: string;
    backChannelUrl?: string;
    scopes: string[];
  };
  seedDemoData: boolean;
  logLevel: LogLevel;
}

export { SettingsError };

export function readSettings(env: Record<string, string | undefined> = process.env): ProductSettings {
  const problems: string[] = [];
  if (!env.COGNITO_ISSUER && !(env.COGNITO_REGION && env.COGNITO_USER_POOL_ID)) {
    problems.push('COGNITO_ISSUER: set COGNITO_ISSUER, or COGNITO_REGION and COGNITO_USER_POOL_ID (real Cognito)');
  }
  let e: z.output<typeof environment>;
  try {
    e = parseSettings(environment, env);
  } catch (error) {
    if (error instanceof SettingsError) throw new SettingsError(error.source, [...error.problems, ...problems]);
    throw error;
  }
  if (problems.length) throw new SettingsError('the environment', problems);
  return {
    port: e.PORT,
    host: e.HOST,
    appUrl: e.APP_URL,
    redirectUri: `${e.APP_URL}/auth/callback`,
    logoutUri: `${e.APP_URL}/`,
    secureCookies: e.APP_URL.startsWith('https:'),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    sessionSecrets: e.SESSION_SECRET,
    sessionCheckSeconds: e.SESSION_CHECK_SECONDS,
    cognito: {
      clientId: e.COGNITO_CLIENT_ID,
      ...(e.COGNITO_CLIENT_SECRET ? { clientSecret: e.COGNITO_CLIENT_SECRET } : {}),
      issuer: e.COGNITO_ISSUER ?? `https://cognito-idp.${e.COGNITO_REGION}.amazonaws.com/${e.COGNITO_USER_POOL_ID}`,
      hostedUiUrl: e.COGNITO_HOSTED_UI_URL,
      ...(e.COGNITO_BACKCHANNEL_URL ? { backChannelUrl: e.COGNITO_BACKCHANNEL_URL } : {}),
      scopes: e.COGNITO_SCOPES.split(/[\s,]+/).filter(Boolean),
    },
    seedDemoData: e.DEMO_SEED === 'true',
    logLevel: e.LOG_LEVEL,
  };
}
