/** Why a sign-in, refresh or revocation failed, in terms an app can act on. */
export type CognitoAuthErrorCode =
  /** The person or the login service refused (`?error=access_denied` and other authorize errors). */
  | 'access_denied'
  /** No state cookie, or its state does not match the callback's: expired, another tab, or forged. */
  | 'state_mismatch'
  /** The code or refresh token is expired, used, revoked or for another client. */
  | 'invalid_grant'
  /** The ID token failed verification (signature, issuer, audience, token use, expiry, nonce). */
  | 'id_token_invalid'
  /** The login service could not be reached, or answered with something unexpected. */
  | 'login_server_unreachable'
  /** The client is not allowed (bad secret, disabled flow, wrong redirect URI). */
  | 'invalid_client'
  /** Anything else (see `cause`). */
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
