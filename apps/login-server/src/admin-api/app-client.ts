import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppClient, AppClients } from '../pool/clients.ts';
import { CognitoError } from '../pool/errors.ts';

/** The app client a request names; Cognito's ResourceNotFoundException when there is none. */
export async function namedAppClient(clients: AppClients, clientId: string): Promise<AppClient> {
  const client = await clients.find(clientId);
  if (!client) throw new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
  return client;
}

/**
 * Cognito's SECRET_HASH for a client with a secret: base64 HMAC-SHA256(secret, username + clientId),
 * with the username as the request gives it. Clients without a secret send none.
 */
export function checkSecretHash(client: AppClient, username: string, secretHash: string | undefined): void {
  if (!client.clientSecret) return;
  const { clientId } = client;
  if (!secretHash) {
    throw new CognitoError(
      'NotAuthorizedException',
      `Client ${clientId} is configured with secret but SECRET_HASH was not received`,
    );
  }
  const expected = createHmac('sha256', client.clientSecret)
    .update(username + clientId)
    .digest();
  const given = Buffer.from(secretHash, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new CognitoError('NotAuthorizedException', `Unable to verify secret hash for client ${clientId}`);
  }
}
