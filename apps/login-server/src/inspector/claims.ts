/** One short phrase per claim a token of this server can carry, for the inspector page. */
const explanations: Record<string, string> = {
  sub: 'the user’s unique, stable id in the pool',
  iss: 'who issued the token: the user pool’s issuer URL',
  aud: 'the app client the ID token is for',
  client_id: 'the app client the access token was issued to',
  token_use: '"id" or "access": what the token is for',
  auth_time: 'when the user last signed in (seconds since 1970)',
  exp: 'when the token expires (seconds since 1970)',
  iat: 'when the token was issued (seconds since 1970)',
  jti: 'this token’s unique id',
  origin_jti: 'the id of the sign-in the token descends from (kept across refreshes)',
  event_id: 'the id of the authentication event',
  email: 'the user’s email address',
  email_verified: 'whether the email address was verified',
  phone_number: 'the user’s phone number',
  phone_number_verified: 'whether the phone number was verified',
  name: 'the user’s full name',
  'cognito:username': 'the user’s username in the pool',
  'cognito:groups': 'the groups the user belongs to',
  scope: 'what the access token allows, space separated',
  nonce: 'the authorize request’s nonce, echoed to stop replays',
  at_hash: 'a hash of the access token issued with this ID token',
  username: 'the user’s username in the pool',
  version: 'the access token format version',
  alg: 'the signing algorithm',
  kid: 'which key of the JWKS signed the token',
  typ: 'the token’s media type',
};

export function explainClaim(name: string): string {
  if (name.startsWith('custom:')) return 'a custom attribute of the pool';
  return explanations[name] ?? '';
}
