import type { ResourceServer } from 'oidc-provider';
import type { AppClientSettings } from '../config/schema.ts';

/**
 * The resource every access token is for. oidc-provider issues JWT access tokens only for a
 * resource server; Cognito's tokens have no audience, so this name never appears in a token.
 */
export const userPoolResource = 'urn:local-cognito:user-pool';

/** The scope of access tokens from Cognito's API sign-in (InitiateAuth): the user's own API, nothing else. */
export const apiAccessScope = 'aws.cognito.signin.user.admin';

/**
 * The user pool as oidc-provider's resource server for one app client: the scopes its access tokens
 * may carry (the client's OAuth scopes, and the API sign-in's scope), their lifetime, their key.
 */
export function userPoolResourceServer(settings: AppClientSettings, accessTokenKid: string): ResourceServer {
  return {
    scope: [...new Set([...settings.allowedOAuthScopes, apiAccessScope])].join(' '),
    audience: userPoolResource,
    accessTokenTTL: settings.tokenValidity.accessToken,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256', kid: accessTokenKid } },
  };
}
