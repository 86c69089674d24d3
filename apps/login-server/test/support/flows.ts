import { createHash, randomBytes } from 'node:crypto';
import { asPage, asRedirect, type Browser } from '@sso/testing';

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scope?: string;
  state: string;
  nonce: string;
  verifier: string;
  url: string;
}

/** An authorization request with PKCE S256, state and nonce, as a careful app makes it. */
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

/** Opens the authorize URL, signs in on the hosted page, and returns the callback URL with the code. */
export async function signIn(browser: Browser, request: AuthorizeRequest, email: string, password: string) {
  const login = asPage(await browser.visit(request.url, request.redirectUri));
  return asRedirect(await browser.submit(login, { username: email, password }, { stopAt: request.redirectUri }));
}

/** Exchanges a code at /oauth2/token with client_secret_basic. */
export async function exchangeCode(
  baseUrl: string,
  client: { id: string; secret?: string },
  request: AuthorizeRequest,
  code: string,
) {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: request.redirectUri,
    code_verifier: request.verifier,
  });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (client.secret) headers.authorization = basicAuth(client.id, client.secret);
  else body.set('client_id', client.id);
  return fetch(`${baseUrl}/oauth2/token`, { method: 'POST', headers, body });
}

export function basicAuth(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header, payload] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header!, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(payload!, 'base64url').toString()),
  };
}
