import { createHash, randomBytes } from 'node:crypto';

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scope?: string;
  state: string;
  nonce: string;
  /** The PKCE verifier its code must be redeemed with. */
  verifier: string;
  url: string;
}

/** An authorization request with PKCE S256, state and nonce, as the products make it. */
export function authorizeRequest(
  baseUrl: string,
  client: { id: string; callback: string },
  extra: Record<string, string> = {},
): AuthorizeRequest {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  const params = new URLSearchParams({
    client_id: client.id,
    response_type: 'code',
    redirect_uri: client.callback,
    scope: 'openid email profile',
    state,
    nonce,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...extra,
  });
  return {
    clientId: client.id,
    redirectUri: client.callback,
    scope: params.get('scope') ?? undefined,
    state,
    nonce,
    verifier,
    url: `${baseUrl}/oauth2/authorize?${params}`,
  };
}
