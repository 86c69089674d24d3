import { authorizeRequest } from '@sso/testing';
import { type Dispatcher, request } from 'undici';
import { expectStatus, HttpError, type Visitor } from './http.ts';

/** An app client of the login server, as the benchmark uses it. */
export interface AppClient {
  id: string;
  secret: string;
  callback: string;
}

export interface Tokens {
  access_token: string;
  id_token: string;
  refresh_token?: string;
}

const basic = (client: AppClient) =>
  `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64')}`;

/** POST /oauth2/token with client_secret_basic; throws unless 200. */
export async function tokenRequest(
  agent: Dispatcher,
  loginServer: string,
  client: AppClient,
  params: Record<string, string>,
): Promise<Tokens> {
  const response = await request(`${loginServer}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(client) },
    body: new URLSearchParams(params).toString(),
    dispatcher: agent,
  });
  const body = await response.body.text();
  if (response.statusCode !== 200) throw new HttpError(`token endpoint answered ${response.statusCode}: ${body}`);
  return JSON.parse(body) as Tokens;
}

const codeOf = (callbackUrl: string | undefined) => {
  const code = callbackUrl ? new URL(callbackUrl).searchParams.get('code') : null;
  if (!code) throw new HttpError(`no code in ${callbackUrl}`);
  return code;
};

/**
 * The hosted sign-in: authorize → the sign-in page → the password → back at the app's callback
 * (not visited), then the code exchanged for tokens. Leaves the `cognito` session cookie in the jar.
 */
export async function passwordSignIn(
  visitor: Visitor,
  agent: Dispatcher,
  loginServer: string,
  client: AppClient,
  credentials: { email: string; password: string },
): Promise<Tokens> {
  const request = authorizeRequest(loginServer, client);
  const page = expectStatus(await visitor.follow(await visitor.send(request.url), client.callback), 200);
  const signedIn = await visitor.follow(
    await visitor.submit(page, { username: credentials.email, password: credentials.password }),
    client.callback,
  );
  const code = codeOf(signedIn.location);
  return tokenRequest(agent, loginServer, client, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: client.callback,
    code_verifier: request.verifier,
  });
}

/** With a live hosted session: authorize answers at once with a code, which is exchanged. */
export async function ssoSignIn(
  visitor: Visitor,
  agent: Dispatcher,
  loginServer: string,
  client: AppClient,
): Promise<Tokens> {
  const request = authorizeRequest(loginServer, client);
  const answer = expectStatus(await visitor.send(request.url), 302, 303);
  if (!answer.location?.startsWith(client.callback)) throw new HttpError(`authorize sent to ${answer.location}`);
  return tokenRequest(agent, loginServer, client, {
    grant_type: 'authorization_code',
    code: codeOf(answer.location),
    redirect_uri: client.callback,
    code_verifier: request.verifier,
  });
}

/**
 * A sign-in to a product with a live hosted session (no form): the button → the login service
 * straight back → the callback → the page.
 */
export async function productSsoJourney(visitor: Visitor, product: string, returnTo = '/account') {
  const start = await visitor.send(`${product}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ returnTo }).toString(),
  });
  const landed = expectStatus(await visitor.follow(start), 200);
  if (new URL(landed.url).pathname !== returnTo) throw new HttpError(`the journey ended at ${landed.url}`);
  return landed;
}

/**
 * A person's whole sign-in to a product, over HTTP as a browser without JavaScript does it: the
 * product's sign-in button → the hosted login → the password → the product's callback → the page
 * they asked for. Returns that page.
 */
export async function productJourney(
  visitor: Visitor,
  product: string,
  credentials: { email: string; password: string },
  returnTo = '/account',
) {
  const start = await visitor.send(`${product}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ returnTo }).toString(),
  });
  const page = expectStatus(await visitor.follow(start), 200);
  const landed = expectStatus(
    await visitor.follow(await visitor.submit(page, { username: credentials.email, password: credentials.password })),
    200,
  );
  if (new URL(landed.url).pathname !== returnTo) throw new HttpError(`the journey ended at ${landed.url}`);
  return landed;
}
