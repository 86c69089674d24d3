import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { namedAppClient } from '../admin-api/app-client.ts';
import { parseInput } from '../admin-api/protocol.ts';
import type { TokenIssuer } from '../oidc/token-issuer.ts';
import type { AppClient } from '../pool/clients.ts';
import { CognitoError, messages } from '../pool/errors.ts';
import type { Services } from '../services.ts';
import type { AuthenticationResult } from './context.ts';
import { authenticationResult } from './next-step.ts';

/** GetTokensFromRefreshToken's input. */
export const refreshInput = z
  .object({
    ClientId: z.string().min(1).max(128),
    RefreshToken: z.string().min(1),
    ClientSecret: z.string().optional(),
  })
  .loose();

/**
 * GetTokensFromRefreshToken and RevokeToken send the client secret itself, not a SECRET_HASH. Each
 * refuses a missing or wrong one with its own error type.
 */
export function checkClientSecret(
  client: AppClient,
  given: string | undefined,
  type: 'NotAuthorizedException' | 'UnauthorizedException' = 'NotAuthorizedException',
): void {
  if (!client.clientSecret) return;
  if (!given) {
    throw new CognitoError(
      type,
      `Client ${client.clientId} is configured with secret but ClientSecret was not received`,
    );
  }
  const [a, b] = [Buffer.from(given), Buffer.from(client.clientSecret)];
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new CognitoError(type, `Unable to verify secret for client ${client.clientId}`);
  }
}

/**
 * Cognito's GetTokensFromRefreshToken: new ID and access tokens from a refresh token of this client,
 * and, for a client with refresh token rotation, a new refresh token (the old one lasting the grace
 * period). What clients with rotation use instead of REFRESH_TOKEN_AUTH; Amplify refreshes with it.
 */
export async function getTokensFromRefreshToken(
  services: Services,
  issuer: TokenIssuer,
  body: unknown,
): Promise<{ AuthenticationResult: AuthenticationResult }> {
  const i = parseInput(refreshInput, body);
  const client = await namedAppClient(services.clients, i.ClientId);
  checkClientSecret(client, i.ClientSecret);
  const usable = await issuer.usableRefreshToken(client.clientId, i.RefreshToken);
  if (!usable) throw new CognitoError('NotAuthorizedException', messages.invalidRefreshToken);
  const tokens = await issuer.refresh(usable, { rotate: client.settings.refreshTokenRotation.enabled });
  return { AuthenticationResult: authenticationResult(tokens) };
}
