/**
 * Every default of the products' sign-in, in one place. Settings from the environment
 * (settings.server.ts) override the ones that name a variable.
 */
export const defaults = {
  /** How long a product session lasts, whatever the tokens do (they are refreshed inside it). */
  sessionSeconds: 12 * 60 * 60,
  /** Tokens are refreshed this long before they expire, so a page never works with an expiring one. */
  refreshAheadSeconds: 5 * 60,
  /**
   * How often a session is re-checked with the login service (SESSION_CHECK_SECONDS): at most this
   * often, on a request of that session, so a sign-out everywhere elsewhere ends it within this long.
   */
  sessionCheckSeconds: 60,
  /** How often expired session rows are deleted (expired sessions are refused either way). */
  sweepIntervalSeconds: 15 * 60,
  /** How long the `returnTo` cookie survives the trip to the login service. */
  returnToSeconds: 10 * 60,
  /** The sign-in button posts one short field; a larger body is refused unread. */
  signInFormBytes: 16 * 1024,
  /**
   * Scopes asked for (COGNITO_SCOPES). Cognito has no `offline_access`: refresh tokens come anyway.
   * `aws.cognito.signin.user.admin` lets the access token call GetUser (the session check) and
   * GlobalSignOut (sign out everywhere).
   */
  scopes: 'openid email profile aws.cognito.signin.user.admin',
  /** Connections to the product's PostgreSQL database (DATABASE_POOL_SIZE). */
  databasePoolSize: 4,
  /** Where it listens inside a container or on this machine (HOST). */
  host: '127.0.0.1',
} as const;
