import { checkSecretHash } from '../admin-api/app-client.ts';
import { CognitoError, messages } from '../pool/errors.ts';
import type { AuthResponse, SignInContext } from './context.ts';
import { signedIn } from './next-step.ts';
import { type Parameters, required } from './parameters.ts';

/**
 * REFRESH_TOKEN_AUTH (and its alias REFRESH_TOKEN): new ID and access tokens from a refresh token of
 * this client, from the API or from /oauth2/token alike. SECRET_HASH is computed with the user's
 * username (their `sub` in this pool), as Cognito wants it for this flow.
 */
export async function refreshAuth(context: SignInContext, parameters: Parameters): Promise<AuthResponse> {
  const value = required(parameters, 'REFRESH_TOKEN');
  const usable = await context.issuer.usableRefreshToken(context.client.clientId, value);
  if (!usable) throw new CognitoError('NotAuthorizedException', messages.invalidRefreshToken);
  checkSecretHash(context.client, usable.username, parameters.SECRET_HASH);
  // Never rotates: a client with rotation cannot use this flow (auth-flows.ts).
  return signedIn(await context.issuer.refresh(usable, { rotate: false }));
}
