import { errors } from 'oidc-provider';
import type { AppClientSettings } from '../config/schema.ts';
import type { AppClients } from '../pool/clients.ts';

/** The Cognito settings of the app client oidc-provider is serving. */
type ClientSettings = (client: { clientId: string } | undefined) => AppClientSettings;

/**
 * Reads a client's Cognito settings for oidc-provider's callbacks, some of which (token lifetimes,
 * rotation) must answer synchronously. oidc-provider finds the request's client through the store
 * (client-metadata.ts) before it asks them, so the store's copy is the one this request uses.
 */
export function clientSettings(clients: AppClients): ClientSettings {
  return (client) => {
    const settings = client && clients.loadedSettings(client.clientId);
    // Deleted through the admin API while this request was under way: as if it had never been found.
    if (!settings) throw new errors.InvalidClient('client not found');
    return settings;
  };
}
