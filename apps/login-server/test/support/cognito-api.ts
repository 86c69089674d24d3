import {
  CognitoIdentityProviderClient,
  type CreateUserPoolClientCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll } from 'vitest';

/**
 * AWS's own SDK, pointed at the server (any credentials: requests are not signature-checked);
 * `baseUrl` may be read when the first request is sent.
 */
export function sdkClient(baseUrl: string | (() => string)): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: typeof baseUrl === 'string' ? baseUrl : async () => ({ url: new URL(baseUrl()) }),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** AWS's SDK pointed at `server` (useTestServer) for the enclosing `describe` block, destroyed after it. */
export function useSdkClient(server: { baseUrl: string }): CognitoIdentityProviderClient {
  const client = sdkClient(() => server.baseUrl);
  afterAll(() => client.destroy());
  return client;
}

/** One request of Cognito's JSON API as the SDK sends it, with any body. */
export function apiRequest(baseUrl: string, action: string, body: string): Promise<Response> {
  return fetch(`${baseUrl}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
    },
    body,
  });
}

/** CreateUserPoolClient's input for a code-flow app client of the test pool, with `overrides`. */
export function codeClientInput(name: string, overrides: Partial<CreateUserPoolClientCommandInput> = {}) {
  return {
    UserPoolId: 'us-east-1_LocalPool',
    ClientName: name,
    CallbackURLs: ['https://app.example.com/callback'],
    AllowedOAuthFlows: ['code' as const],
    AllowedOAuthScopes: ['openid'],
    AllowedOAuthFlowsUserPoolClient: true,
    ...overrides,
  };
}
