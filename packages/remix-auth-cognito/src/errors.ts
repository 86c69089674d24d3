/** Why a sign-in, refresh, revocation or user API call failed, in terms an app can act on. */
export type CognitoAuthErrorCode =
  /** The person or the login service refused (`?error=access_denied` and other authorize errors). */
  | 'access_denied'
  /** No state cookie, or its state does not match the callback's: expired, another tab, or forged. */
  | 'state_mismatch'
  /**
   * The code or refresh token is expired, used, revoked or for another client; or, at the user API,
   * the access token is refused (revoked by a sign-out everywhere, expired, its user disabled or gone).
   */
  | 'invalid_grant'
  /**
   * A token failed verification (signature, key, issuer, audience, token use, expiry, nonce), or the
   * token response had no ID token. Not used when the keys themselves could not be fetched.
   */
  | 'id_token_invalid'
  /**
   * The login service could not be reached, or answered with something unexpected: the token
   * endpoint, the user API (5xx and throttling included), or the pool's keys (JWKS) that verify its tokens.
   */
  | 'login_server_unreachable'
  /**
   * The client is not allowed (bad secret, disabled flow, wrong redirect URI), or its access tokens
   * lack the scope the user API needs (`aws.cognito.signin.user.admin`).
   */
  | 'invalid_client'
  /** Anything else, such as an error thrown by the app's own verify callback (see `cause`). */
  | 'unexpected';

export class CognitoAuthError extends Error {
  override name = 'CognitoAuthError';
  constructor(
    readonly code: CognitoAuthErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
