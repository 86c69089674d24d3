import { createHmac } from 'node:crypto';
import { type AuthFlowType, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoUserPool } from 'amazon-cognito-identity-js';
import { Amplify } from 'aws-amplify';
import { type TestServer, testPool } from './server.ts';

/** App clients that sign people in through Cognito's API (InitiateAuth), besides the test pool's. */
export const apiClients = {
  /** A web app with a secret: the code flow and the API's password and refresh flows. */
  web: {
    id: 'web-app',
    secret: 'web-app-secret',
    callback: 'http://localhost:8002/auth/callback',
  },
  /** A mobile or single-page app: no secret, SRP and password sign-in, no hosted pages. */
  mobile: { id: 'mobile-app' },
  /** An app client that says which users exist (PreventUserExistenceErrors LEGACY). */
  legacy: { id: 'legacy-app' },
} as const;

/** The test pool with the API's app clients. */
export function signInPool(): Record<string, unknown> {
  const { web, mobile, legacy } = apiClients;
  return testPool(
    {
      clientId: web.id,
      clientName: 'Web app',
      clientSecret: web.secret,
      callbackUrls: [web.callback],
      allowedOAuthScopes: ['openid', 'email', 'profile'],
      explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    },
    {
      clientId: mobile.id,
      clientName: 'Mobile app',
      allowedOAuthFlows: [],
      explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    },
    {
      clientId: legacy.id,
      clientName: 'Legacy app',
      allowedOAuthFlows: [],
      preventUserExistenceErrors: 'LEGACY',
      explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH'],
    },
  );
}

/** InitiateAuth as app client `clientId` sends it: `flow`, with that flow's parameters. */
export function initiateAuth(
  clientId: string,
  flow: AuthFlowType,
  parameters: Record<string, string>,
): InitiateAuthCommand {
  return new InitiateAuthCommand({ ClientId: clientId, AuthFlow: flow, AuthParameters: parameters });
}

/** InitiateAuth's USER_PASSWORD_AUTH: a sign-in with a username and a password. */
export function passwordAuth(clientId: string, username: string, password: string): InitiateAuthCommand {
  return initiateAuth(clientId, 'USER_PASSWORD_AUTH', { USERNAME: username, PASSWORD: password });
}

/** Cognito's SECRET_HASH, as its documentation tells an app to compute it. */
export function secretHash(username: string, client: { id: string; secret: string }): string {
  return createHmac('sha256', client.secret)
    .update(username + client.id)
    .digest('base64');
}

/** One request of Cognito's JSON API that a client made through `fetch`. */
export interface CognitoCall {
  target: string;
  body: Record<string, unknown>;
}

/**
 * Watches the Cognito API requests that AWS's browser libraries (amazon-cognito-identity-js, Amplify)
 * make through the global fetch: each is recorded, and `before` may act just before one is sent and
 * `after` just after its answer arrives.
 */
export function watchCognitoCalls(
  hooks: { before?: (call: CognitoCall) => void; after?: (call: CognitoCall) => void } = {},
) {
  const calls: CognitoCall[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    const target = headers.get('x-amz-target')?.split('.').pop();
    if (!target || typeof init?.body !== 'string') return realFetch(input, init);
    const call = { target, body: JSON.parse(init.body) as Record<string, unknown> };
    calls.push(call);
    hooks.before?.(call);
    const response = await realFetch(input, init);
    hooks.after?.(call);
    return response;
  };
  return {
    calls,
    restore() {
      globalThis.fetch = realFetch;
    },
  };
}

/**
 * AWS's browser libraries pointed at a started login server with the API's app clients, as their
 * documentation says: amazon-cognito-identity-js's user pool and Amplify, for the mobile app client.
 */
export function pointAwsLibrariesAt(server: TestServer): { pool: CognitoUserPool; UserPoolId: string } {
  const UserPoolId = server.config.server.userPoolId;
  const ClientId = apiClients.mobile.id;
  Amplify.configure({
    Auth: { Cognito: { userPoolId: UserPoolId, userPoolClientId: ClientId, userPoolEndpoint: server.baseUrl } },
  });
  return { pool: new CognitoUserPool({ UserPoolId, ClientId, endpoint: `${server.baseUrl}/` }), UserPoolId };
}
