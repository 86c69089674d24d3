import { z } from 'zod';
import { triggersConfig } from '../triggers/config.ts';
import { defaults, groupRules, matchesPattern, standardScopes, tokenValidityRange } from './defaults.ts';
import { parseDuration } from './duration.ts';
import { checkCallbackUrl } from './urls.ts';

const duration = (range: { min: number; max: number }) =>
  z.union([z.string(), z.number()]).transform((value, ctx) => {
    const seconds = parseDuration(value);
    if (seconds === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration like 60m, 1h or 30d` });
      return z.NEVER;
    }
    if (seconds < range.min || seconds > range.max) {
      ctx.addIssue({
        code: 'custom',
        message: `must be between ${range.min / 60} minutes and ${range.max / 86400} days`,
      });
      return z.NEVER;
    }
    return seconds;
  });

const callbackUrl = z.string().superRefine((value, ctx) => {
  const problem = checkCallbackUrl(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const scope = z
  .string()
  .refine((s) => (standardScopes as readonly string[]).includes(s) || /^[\w.:-]+\/[\w.:-]+$/.test(s), {
    message: `must be one of ${standardScopes.join(', ')} or a custom scope "resourceServer/scope"`,
  });

/** Cognito's ExplicitAuthFlows values: the ALLOW_ ones, and the legacy names they replace. */
const explicitAuthFlowValues = [
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ADMIN_NO_SRP_AUTH',
  'CUSTOM_AUTH_FLOW_ONLY',
  'USER_PASSWORD_AUTH',
] as const;

const explicitAuthFlows = z
  .array(z.enum(explicitAuthFlowValues))
  .default([...defaults.client.explicitAuthFlows])
  .refine((flows) => flows.every((f) => f.startsWith('ALLOW_')) || flows.every((f) => !f.startsWith('ALLOW_')), {
    message: 'cannot mix values that start with ALLOW_ and the legacy ones',
  })
  .transform((flows) => [...new Set(flows)]);

export const appClientSettings = z
  .object({
    callbackUrls: z.array(callbackUrl).max(100).default([]),
    logoutUrls: z.array(callbackUrl).max(100).default([]),
    allowedOAuthFlows: z
      .array(z.enum(['code', 'implicit', 'client_credentials']))
      .default([...defaults.client.allowedOAuthFlows]),
    allowedOAuthScopes: z.array(scope).default(['openid', 'email', 'profile']),
    tokenValidity: z
      .object({
        accessToken: duration(tokenValidityRange.accessToken).prefault(defaults.client.tokenValidity.accessToken),
        idToken: duration(tokenValidityRange.idToken).prefault(defaults.client.tokenValidity.idToken),
        refreshToken: duration(tokenValidityRange.refreshToken).prefault(defaults.client.tokenValidity.refreshToken),
      })
      .strict()
      .prefault({}),
    refreshTokenRotation: z
      .object({
        enabled: z.boolean().default(defaults.client.refreshTokenRotation.enabled),
        retryGracePeriodSeconds: z
          .number()
          .int()
          .min(0)
          .max(60)
          .default(defaults.client.refreshTokenRotation.retryGracePeriodSeconds),
      })
      .strict()
      .prefault({}),
    enableTokenRevocation: z.boolean().default(defaults.client.enableTokenRevocation),
    /** Cognito's PreventUserExistenceErrors: ENABLED answers unknown users as it answers known ones. */
    preventUserExistenceErrors: z.enum(['ENABLED', 'LEGACY']).default(defaults.client.preventUserExistenceErrors),
    /** Cognito's ExplicitAuthFlows: how the API (InitiateAuth, AdminInitiateAuth) may sign users in. */
    explicitAuthFlows,
  })
  .strict();

export type AppClientSettings = z.output<typeof appClientSettings>;

const appClient = appClientSettings
  .extend({
    // Cognito generates ids from [\w+]; locally a readable id such as product-a is allowed too.
    clientId: z.string().regex(/^[\w+-]{1,128}$/, 'must be 1-128 letters, digits, _, + or -'),
    clientName: z.string().min(1).max(128),
    /** Omit for a public client (a SPA or native app); products on a server have one. */
    clientSecret: z.string().min(8).optional(),
  })
  .strict()
  .superRefine((client, ctx) => {
    if (client.allowedOAuthFlows.includes('client_credentials') && !client.clientSecret) {
      ctx.addIssue({ code: 'custom', path: ['clientSecret'], message: 'client_credentials needs a client secret' });
    }
    if (client.allowedOAuthFlows.some((f) => f !== 'client_credentials') && client.callbackUrls.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['callbackUrls'],
        message: 'the code and implicit flows need a callback URL',
      });
    }
  });

const seedUser = z
  .object({
    email: z.email(),
    password: z.string().min(1),
    emailVerified: z.boolean().default(true),
    /** Other attributes, e.g. `name`, `given_name`, `custom:team`. */
    attributes: z.record(z.string(), z.string()).default({}),
    /** FORCE_CHANGE_PASSWORD makes the first hosted sign-in ask for a new password. */
    status: z.enum(['CONFIRMED', 'UNCONFIRMED', 'FORCE_CHANGE_PASSWORD']).default('CONFIRMED'),
  })
  .strict();

/** A group of the pool, with Cognito's constraints (CreateGroup's) and its members by email. */
const seedGroup = z
  .object({
    name: z
      .string()
      .min(1)
      .max(groupRules.name.maxLength)
      .refine((name) => matchesPattern(groupRules.name.pattern, name), {
        message: 'must be letters, digits, marks, symbols or punctuation (no spaces)',
      }),
    description: z.string().max(groupRules.descriptionMaxLength).optional(),
    /** 0 comes first in `cognito:groups`; a group without one comes last. */
    precedence: z.number().int().min(0).max(groupRules.precedenceMax).optional(),
    /** An IAM role's ARN, for the ID token's `cognito:roles` and `cognito:preferred_role`. */
    roleArn: z
      .string()
      .refine(
        (arn) =>
          arn.length >= groupRules.roleArn.minLength &&
          arn.length <= groupRules.roleArn.maxLength &&
          matchesPattern(groupRules.roleArn.pattern, arn),
        {
          message: 'must be an IAM role ARN like arn:aws:iam::123456789012:role/name',
        },
      )
      .optional(),
    /** Emails of seed users (`users` above). */
    members: z.array(z.email()).default([]),
  })
  .strict();

export const poolConfig = z
  .object({
    server: z
      .object({
        baseUrl: z.url({ protocol: /^https?$/ }).default(defaults.server.baseUrl),
        port: z.number().int().min(1).max(65535).default(defaults.server.port),
        host: z.string().min(1).default(defaults.server.host),
        region: z
          .string()
          .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must look like us-east-1')
          .default(defaults.server.region),
        userPoolId: z
          .string()
          .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d_[0-9a-zA-Z]+$/, 'must look like us-east-1_LocalPool')
          .default(defaults.server.userPoolId),
        /** The local-only /inspector page (a learning aid, not in Cognito): never on in a real deployment. */
        inspector: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    pool: z
      .object({
        passwordPolicy: z
          .object({
            minimumLength: z.number().int().min(6).max(99).default(defaults.pool.passwordPolicy.minimumLength),
            requireLowercase: z.boolean().default(defaults.pool.passwordPolicy.requireLowercase),
            requireUppercase: z.boolean().default(defaults.pool.passwordPolicy.requireUppercase),
            requireNumbers: z.boolean().default(defaults.pool.passwordPolicy.requireNumbers),
            requireSymbols: z.boolean().default(defaults.pool.passwordPolicy.requireSymbols),
            temporaryPasswordValidityDays: z
              .number()
              .int()
              .min(0)
              .max(365)
              .default(defaults.pool.passwordPolicy.temporaryPasswordValidityDays),
          })
          .strict()
          .prefault({}),
        /** Cognito's MfaConfiguration; the factor is TOTP (software token MFA). */
        mfa: z.enum(['OFF', 'OPTIONAL', 'ON']).default(defaults.pool.mfa),
        ssoSessionMinutes: z.number().int().min(1).max(129600).default(defaults.pool.ssoSessionMinutes),
        /** Custom attributes of the pool's schema, without the `custom:` prefix. */
        customAttributes: z
          .array(z.string().regex(/^[\w-]{1,20}$/, 'must be 1-20 letters, digits, _ or -'))
          .default([]),
      })
      .strict()
      .prefault({}),
    clients: z.array(appClient).default([]),
    users: z.array(seedUser).default([]),
    groups: z.array(seedGroup).default([]),
    /** Lambda triggers: per trigger, a JavaScript module path (relative to this file) or an http(s) URL. */
    triggers: triggersConfig,
  })
  .strict()
  .superRefine((config, ctx) => {
    if (!config.server.userPoolId.startsWith(`${config.server.region}_`)) {
      ctx.addIssue({
        code: 'custom',
        path: ['server', 'userPoolId'],
        message: `must start with the region "${config.server.region}_"`,
      });
    }
    const seen = new Set<string>();
    config.clients.forEach((client, i) => {
      if (seen.has(client.clientId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['clients', i, 'clientId'],
          message: `duplicate client id "${client.clientId}"`,
        });
      }
      seen.add(client.clientId);
    });
    const groupNames = new Set<string>();
    const seedEmails = new Set(config.users.map((u) => u.email.toLowerCase()));
    config.groups.forEach((group, i) => {
      if (groupNames.has(group.name)) {
        ctx.addIssue({ code: 'custom', path: ['groups', i, 'name'], message: `duplicate group "${group.name}"` });
      }
      groupNames.add(group.name);
      group.members.forEach((email, j) => {
        if (!seedEmails.has(email.toLowerCase())) {
          ctx.addIssue({
            code: 'custom',
            path: ['groups', i, 'members', j],
            message: `"${email}" is not one of the seed users`,
          });
        }
      });
    });
  });

export type PoolConfig = z.output<typeof poolConfig>;
