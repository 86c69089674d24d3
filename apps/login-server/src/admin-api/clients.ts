import { z } from 'zod';
import { defaults } from '../config/defaults.ts';
import { describeIssues } from '../config/errors.ts';
import { appClientSettings } from '../config/schema.ts';
import { AppClients } from '../pool/clients.ts';
import { CognitoError } from '../pool/errors.ts';
import type { Services } from '../services.ts';
import { type Action, parseInput } from './protocol.ts';
import { toUserPoolClientType } from './shapes.ts';

const unit = z.enum(['seconds', 'minutes', 'hours', 'days']);
const unitSeconds = { seconds: 1, minutes: 60, hours: 3600, days: 86400 } as const;

/** Create/UpdateUserPoolClient's settings, in Cognito's names. */
const clientInput = z
  .object({
    ClientName: z.string().min(1).max(128),
    RefreshTokenValidity: z.number().int().positive().optional(),
    AccessTokenValidity: z.number().int().positive().optional(),
    IdTokenValidity: z.number().int().positive().optional(),
    TokenValidityUnits: z
      .object({ AccessToken: unit.optional(), IdToken: unit.optional(), RefreshToken: unit.optional() })
      .optional(),
    CallbackURLs: z.array(z.string()).optional(),
    LogoutURLs: z.array(z.string()).optional(),
    AllowedOAuthFlows: z.array(z.string()).optional(),
    AllowedOAuthScopes: z.array(z.string()).optional(),
    AllowedOAuthFlowsUserPoolClient: z.boolean().optional(),
    EnableTokenRevocation: z.boolean().optional(),
    RefreshTokenRotation: z
      .object({ Feature: z.enum(['ENABLED', 'DISABLED']), RetryGracePeriodSeconds: z.number().int().optional() })
      .optional(),
    PreventUserExistenceErrors: z.enum(['ENABLED', 'LEGACY']).optional(),
    ExplicitAuthFlows: z.array(z.string()).optional(),
  })
  .loose();

/** Cognito's API names → the settings the config file uses, validated by the same schema (errors name the field). */
function toSettings(i: z.output<typeof clientInput>) {
  const units = i.TokenValidityUnits ?? {};
  // Cognito's default units: hours for access and ID tokens, days for refresh tokens.
  const seconds = (
    value: number | undefined,
    given: keyof typeof unitSeconds | undefined,
    fallback: 'hours' | 'days',
  ) => (value === undefined ? undefined : value * unitSeconds[given ?? fallback]);
  const tokenValidity = Object.fromEntries(
    Object.entries({
      accessToken: seconds(i.AccessTokenValidity, units.AccessToken, 'hours'),
      idToken: seconds(i.IdTokenValidity, units.IdToken, 'hours'),
      refreshToken: seconds(i.RefreshTokenValidity, units.RefreshToken, 'days'),
    }).filter(([, v]) => v !== undefined),
  );
  const raw = {
    callbackUrls: i.CallbackURLs ?? [],
    logoutUrls: i.LogoutURLs ?? [],
    // Without AllowedOAuthFlowsUserPoolClient the client may not use the hosted UI or /oauth2 at all.
    allowedOAuthFlows: i.AllowedOAuthFlowsUserPoolClient ? (i.AllowedOAuthFlows ?? []) : [],
    allowedOAuthScopes: i.AllowedOAuthScopes ?? [],
    tokenValidity,
    ...(i.RefreshTokenRotation
      ? {
          refreshTokenRotation: {
            enabled: i.RefreshTokenRotation.Feature === 'ENABLED',
            retryGracePeriodSeconds: i.RefreshTokenRotation.RetryGracePeriodSeconds ?? 0,
          },
        }
      : {}),
    ...(i.EnableTokenRevocation === undefined ? {} : { enableTokenRevocation: i.EnableTokenRevocation }),
    preventUserExistenceErrors: i.PreventUserExistenceErrors ?? defaults.client.preventUserExistenceErrorsFromApi,
    ...(i.ExplicitAuthFlows ? { explicitAuthFlows: i.ExplicitAuthFlows } : {}),
  };
  const parsed = appClientSettings.safeParse(raw);
  if (!parsed.success) {
    const names: Record<string, string> = {
      callbackUrls: 'CallbackURLs',
      logoutUrls: 'LogoutURLs',
      allowedOAuthFlows: 'AllowedOAuthFlows',
      allowedOAuthScopes: 'AllowedOAuthScopes',
      tokenValidity: 'TokenValidity',
      refreshTokenRotation: 'RefreshTokenRotation',
      explicitAuthFlows: 'ExplicitAuthFlows',
    };
    const problems = describeIssues(parsed.error).map((p) => p.replace(/^(\w+)/, (key) => names[key] ?? key));
    throw new CognitoError('InvalidParameterException', problems.join('; '));
  }
  return parsed.data;
}

/** The pool's app clients on Cognito's API. Clients are stored, so every instance serves them at once. */
export function clientActions(services: Services, pool: (input: unknown) => void): Record<string, Action> {
  const { clients, config } = services;
  const userPoolId = config.server.userPoolId;
  const existing = async (input: unknown) => {
    pool(input);
    const { ClientId } = parseInput(z.object({ ClientId: z.string().min(1) }).loose(), input);
    const client = await clients.find(ClientId);
    if (!client) throw new CognitoError('ResourceNotFoundException', `User pool client ${ClientId} does not exist.`);
    return client;
  };

  return {
    async CreateUserPoolClient(input) {
      pool(input);
      const i = parseInput(clientInput.extend({ GenerateSecret: z.boolean().optional() }), input);
      const client = await clients.put({
        clientId: AppClients.generateId(),
        clientName: i.ClientName,
        ...(i.GenerateSecret ? { clientSecret: AppClients.generateSecret() } : {}),
        settings: toSettings(i),
      });
      return { UserPoolClient: toUserPoolClientType(client, userPoolId) };
    },

    async DescribeUserPoolClient(input) {
      return { UserPoolClient: toUserPoolClientType(await existing(input), userPoolId) };
    },

    /** Like Cognito, settings left out go back to their defaults. */
    async UpdateUserPoolClient(input) {
      const client = await existing(input);
      const i = parseInput(clientInput.extend({ ClientName: z.string().min(1).max(128).optional() }), input);
      const updated = await clients.put({
        clientId: client.clientId,
        clientName: i.ClientName ?? client.clientName,
        ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}),
        settings: toSettings({ ...i, ClientName: i.ClientName ?? client.clientName }),
      });
      return { UserPoolClient: toUserPoolClientType(updated, userPoolId) };
    },

    async ListUserPoolClients(input) {
      pool(input);
      const i = parseInput(
        z.object({ MaxResults: z.number().int().min(1).max(60).optional(), NextToken: z.string().optional() }).loose(),
        input,
      );
      const all = await clients.list();
      const start = i.NextToken ? Number(Buffer.from(i.NextToken, 'base64url').toString()) : 0;
      const size = i.MaxResults ?? 60;
      const page = all.slice(start, start + size);
      return {
        UserPoolClients: page.map((c) => ({ ClientId: c.clientId, UserPoolId: userPoolId, ClientName: c.clientName })),
        ...(start + size < all.length ? { NextToken: Buffer.from(String(start + size)).toString('base64url') } : {}),
      };
    },

    async DeleteUserPoolClient(input) {
      const client = await existing(input);
      await clients.delete(client.clientId);
      return {};
    },
  };
}
