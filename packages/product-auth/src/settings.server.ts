import { z } from 'zod';

/**
 * Everything a product reads from its environment, validated once at start. Local values come
 * from the local stack (scripts/local-stack/settings.ts), cluster values from Kubernetes; nothing
 * here defaults to a secret.
 */
const region = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const httpUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));

const environment = z.object({
  PORT: z.coerce.number().int().min(1).max(65535),
  HOST: z.string().min(1).default('127.0.0.1'),
  APP_URL: httpUrl,
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|pglite:)/, 'must be postgres://..., postgresql://... or pglite:<dir|memory>'),
  SESSION_SECRET: z
    .string()
    .transform((value) => value.split(',').map((s) => s.trim()))
    .pipe(z.array(z.string().min(32, 'each secret must be at least 32 characters')).min(1)),
  COGNITO_CLIENT_ID: z.string().min(1),
  COGNITO_CLIENT_SECRET: z.string().min(1).optional(),
  COGNITO_REGION: z.string().regex(region, 'must look like us-east-1').optional(),
  COGNITO_USER_POOL_ID: z
    .string()
    .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d_[0-9a-zA-Z]+$/, 'must look like us-east-1_AbCdEf123')
    .optional(),
  COGNITO_ISSUER: httpUrl.optional(),
  COGNITO_HOSTED_UI_URL: httpUrl,
  COGNITO_BACKCHANNEL_URL: httpUrl.optional(),
  COGNITO_SCOPES: z.string().default('openid email profile'),
  DEMO_SEED: z.enum(['true', 'false']).default('true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  sessionSecrets: string[];
  cognito: {
    clientId: string;
    clientSecret?: string;
    issuer: string;
    hostedUiUrl: string;
    backChannelUrl?: string;
    scopes: string[];
  };
  seedDemoData: boolean;
  logLevel: z.output<typeof environment>['LOG_LEVEL'];
}

/** A setting that is missing or malformed; the message names each bad key. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

export function readSettings(env: Record<string, string | undefined> = process.env): ProductSettings {
  const parsed = environment.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);
  if (!env.COGNITO_ISSUER && !(env.COGNITO_REGION && env.COGNITO_USER_POOL_ID)) {
    problems.push('COGNITO_ISSUER: set COGNITO_ISSUER, or COGNITO_REGION and COGNITO_USER_POOL_ID (real Cognito)');
  }
  if (!parsed.success || problems.length) {
    throw new SettingsError(`Invalid settings in the environment:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    appUrl: e.APP_URL,
    redirectUri: `${e.APP_URL}/auth/callback`,
    logoutUri: `${e.APP_URL}/`,
    secureCookies: e.APP_URL.startsWith('https:'),
    databaseUrl: e.DATABASE_URL,
    sessionSecrets: e.SESSION_SECRET,
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
