import type { Adapter, ClientMetadata } from 'oidc-provider';
import { standardScopes } from '../config/defaults.ts';
import type { AppClient, AppClients } from '../pool/clients.ts';

/**
 * A Cognito app client as oidc-provider's standard client metadata. Cognito's own settings stay
 * with the client store (client-settings.ts reads them).
 */
function toClientMetadata(client: AppClient): ClientMetadata {
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
  };
}

/**
 * oidc-provider's client storage: the pool's app clients, read only. They change through the pool
 * file and the admin API, never through the protocol (dynamic registration is off).
 */
export function clientAdapter(clients: AppClients): Adapter {
  const readOnly = async () => {
    throw new Error('app clients change through the pool file and the admin API');
  };
  return {
    find: async (id) => {
      const client = await clients.find(id);
      return client ? toClientMetadata(client) : undefined;
    },
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
    upsert: readOnly,
    consume: readOnly,
    destroy: readOnly,
    revokeByGrantId: readOnly,
  };
}
