import type { ClientMetadata } from 'oidc-provider';
import { standardScopes } from '../config/defaults.ts';
import type { AppClientSettings } from '../config/schema.ts';
import type { AppClient } from '../pool/clients.ts';

/** The extra client property that carries Cognito's settings into oidc-provider's request context. */
export const settingsProperty = 'cognito_settings';

/** A Cognito app client as oidc-provider client metadata. */
export function toClientMetadata(client: AppClient): ClientMetadata {
  const { settings } = client;
  const codeFlow = settings.allowedOAuthFlows.includes('code');
  const oidcScopes = settings.allowedOAuthScopes.filter((s) => (standardScopes as readonly string[]).includes(s));
  return {
    client_id: client.clientId,
    client_name: client.clientName,
    ...(client.clientSecret ? { client_secret: client.clientSecret } : {}),
    // Cognito takes client_secret_post as well; the token route turns it into Basic before this check.
    token_endpoint_auth_method: client.clientSecret ? 'client_secret_basic' : 'none',
    redirect_uris: codeFlow ? settings.callbackUrls : [],
    response_types: codeFlow ? ['code'] : [],
    grant_types: [
      ...(codeFlow ? ['authorization_code', 'refresh_token'] : []),
      ...(settings.allowedOAuthFlows.includes('client_credentials') ? ['client_credentials'] : []),
    ],
    // OIDC scopes only: custom `resourceServer/scope` ones belong to the user-pool resource (provider.ts).
    ...(oidcScopes.length ? { scope: oidcScopes.join(' ') } : {}),
    require_auth_time: true,
    id_token_signed_response_alg: 'RS256',
    [settingsProperty]: settings,
  };
}

export function settingsOf(client: { [key: string]: unknown } | undefined): AppClientSettings {
  const settings = client?.[settingsProperty];
  if (!settings) throw new Error('client without Cognito settings');
  return settings as AppClientSettings;
}
