/**
 * The keys of each product's `<product>-cognito` Secret: the settings a product needs to sign in
 * with a real user pool (docs/architecture.md, Settings). The aws overlay's checks read this list.
 */
export const cognitoSecretKeys = [
  'COGNITO_REGION',
  'COGNITO_USER_POOL_ID',
  'COGNITO_HOSTED_UI_URL',
  'COGNITO_CLIENT_ID',
  'COGNITO_CLIENT_SECRET',
] as const;

export type CognitoSettings = Record<(typeof cognitoSecretKeys)[number], unknown>;
