import type { Action } from '../admin-api/protocol.ts';
import type { TokenIssuer } from '../oidc/token-issuer.ts';
import type { Services } from '../services.ts';
import { bearerOf } from './access-token.ts';
import { passwordActions } from './password.ts';
import { profileActions } from './profile.ts';
import { signOutActions } from './sign-out.ts';
import { softwareTokenActions } from './software-token.ts';

/**
 * The operations a signed-in user calls with their own access token (RevokeToken with a refresh
 * token; the TOTP set-up also with a sign-in's MFA_SETUP Session): Cognito's API for apps that let
 * people manage their account.
 */
export function userApiActions(services: Services, issuer: TokenIssuer): Record<string, Action> {
  const bearer = bearerOf(services);
  return {
    ...profileActions(services, bearer),
    ...passwordActions(services, bearer),
    ...signOutActions(services, issuer, bearer),
    ...softwareTokenActions(services, bearer),
  };
}
