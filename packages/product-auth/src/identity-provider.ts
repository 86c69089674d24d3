import type { Identity } from '@sso/account-binding';

/** Tokens from the login service, as a product keeps them in its server-side session. */
export interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  /** When the access token expires. */
  expiresAt: Date;
}

/** A finished sign-in: who it is (verified ID token) and their tokens. */
export interface SignIn {
  identity: Identity;
  claims: Record<string, unknown>;
  tokens: Tokens;
}

/** Why the login service's answer was not a sign-in (mapped to a page in problems.ts). */
export type SignInFailure =
  | 'access_denied'
  | 'state_mismatch'
  | 'invalid_grant'
  | 'id_token_invalid'
  | 'login_server_unreachable'
  | 'login_failed';

export class SignInError extends Error {
  override name = 'SignInError';
  constructor(
    readonly failure: SignInFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * What a product needs from the hosted login. `cognito.server.ts` provides it with the Cognito
 * strategy; the same code runs against real Cognito and the local login server.
 */
export interface IdentityProvider {
  /**
   * Without a `code` in the URL: throws a redirect Response to the hosted login (with the state
   * cookie). On the callback: finishes the sign-in, or throws `SignInError`.
   */
  authenticate(request: Request): Promise<SignIn>;
  /** New tokens for a refresh token (keeping it when the service does not rotate); throws `SignInError`. */
  refresh(refreshToken: string): Promise<SignIn>;
  /** Revokes a refresh token and the access tokens issued from it. */
  revoke(refreshToken: string): Promise<void>;
  /** The hosted logout URL that ends the login service's session and comes back to `logoutUri`. */
  logoutUrl(logoutUri: string): string;
  /** Set-Cookie values that delete the sign-in's short-lived state cookies once the callback is done. */
  clearStateCookies(request: Request): string[];
}
