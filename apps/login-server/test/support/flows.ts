import { type AuthorizeRequest, asPage, asRedirect, authorizeRequest, Browser, type Page, textOf } from '@sso/testing';

// The shared request builder, with this folder's other flows.
export { type AuthorizeRequest, authorizeRequest };

/** The content type of /oauth2/token and /oauth2/revoke requests. */
export const form = { 'content-type': 'application/x-www-form-urlencoded' };

/** What /oauth2/token answers a code or refresh grant with. */
export interface Tokens {
  access_token: string;
  id_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
}

/** Opens a new authorization request of `client` in `browser`: the hosted sign-in page. */
export async function openSignIn(baseUrl: string, client: { id: string; callback: string }, browser = new Browser()) {
  const request = authorizeRequest(baseUrl, client);
  return { browser, request, page: asPage(await browser.visit(request.url, client.callback)) };
}

/**
 * What a person sees after posting a form on `page`, with what they typed (the username, which
 * pages show back) taken out, so that answers for different people compare equal.
 */
export async function seenAfter(browser: Browser, page: Page, fields: Record<string, string>, action?: string) {
  const answer = asPage(await browser.submit(page, fields, { action }));
  const typed = fields.username ? [fields.username, encodeURIComponent(fields.username)] : [];
  const strip = (text: string) => typed.reduce((out, t) => out.replaceAll(t, '<typed>'), text);
  return { status: answer.status, url: strip(answer.url), text: strip(textOf(answer)) };
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
  const headers: Record<string, string> = { ...form };
  if (client.secret) headers.authorization = basicAuth(client.id, client.secret);
  else body.set('client_id', client.id);
  return fetch(`${baseUrl}/oauth2/token`, { method: 'POST', headers, body });
}

/** A whole sign-in as an app makes it: authorize, the hosted form, the code exchanged for tokens. */
export async function signInForTokens(
  baseUrl: string,
  client: { id: string; secret?: string; callback: string },
  email: string,
  password: string,
  browser = new Browser(),
): Promise<Tokens> {
  const request = authorizeRequest(baseUrl, client);
  const callback = await signIn(browser, request, email, password);
  return (await (await exchangeCode(baseUrl, client, request, callback.searchParams.get('code')!)).json()) as Tokens;
}

/** A refresh grant with client_secret_basic. */
export function refreshGrant(baseUrl: string, client: { id: string; secret: string }, refreshToken: string) {
  return fetch(`${baseUrl}/oauth2/token`, {
    method: 'POST',
    headers: { ...form, authorization: basicAuth(client.id, client.secret) },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
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
