/**
 * Every default of the login server, in one place. Each one is Cognito's own default unless it says
 * otherwise, so that an app tested here meets the same numbers in production.
 */
export const defaults = {
  server: {
    /** What the browser and the apps use to reach the server (front and back channel alike). */
    baseUrl: 'http://localhost:9229',
    port: 9229,
    host: '127.0.0.1',
    region: 'us-east-1',
    userPoolId: 'us-east-1_LocalPool',
  },
  pool: {
    /** Cognito's default password policy. */
    passwordPolicy: {
      minimumLength: 8,
      requireLowercase: true,
      requireUppercase: true,
      requireNumbers: true,
      requireSymbols: true,
      temporaryPasswordValidityDays: 7,
    },
    /**
     * Multi-factor authentication (Cognito's MfaConfiguration): OFF, OPTIONAL (users who turn TOTP on
     * are asked for a code) or ON (every user; one without TOTP sets it up at sign-in). Cognito's
     * default is OFF. TOTP is the only factor here.
     */
    mfa: 'OFF',
    /** Wrong codes a sign-in's MFA challenge takes before its session is used up (not Cognito's number, which is unpublished). */
    mfaCodeAttempts: 5,
    /** Lifetime of the hosted-UI session cookie (`cognito`); Cognito's MaxValidityMinutes default. */
    ssoSessionMinutes: 60,
    /** Verification and password-reset codes: Cognito's codes are 6 digits and live 24 hours (reset: 1 hour). */
    signUpCodeMinutes: 24 * 60,
    resetCodeMinutes: 60,
    /**
     * Brute-force protection. Cognito locks a user out after 5 failed sign-ins, for a time that doubles
     * with each further failure (1 s, 2 s, ... capped at 15 minutes).
     */
    lockout: { freeAttempts: 5, firstLockSeconds: 1, maxLockSeconds: 15 * 60 },
    /**
     * Not Cognito's: failed sign-ins with a login that names no user (counted so that the lock-out
     * looks the same) are forgotten after this many days without another try.
     */
    unknownSignInDays: 1,
  },
  client: {
    allowedOAuthFlows: ['code'] as const,
    tokenValidity: { accessToken: '60m', idToken: '60m', refreshToken: '30d' },
    refreshTokenRotation: { enabled: false, retryGracePeriodSeconds: 0 },
    enableTokenRevocation: true,
    /**
     * The pool file's default, as in Cognito's console. Cognito's API (CreateUserPoolClient,
     * UpdateUserPoolClient) makes LEGACY when the request leaves it out.
     */
    preventUserExistenceErrors: 'ENABLED',
    preventUserExistenceErrorsFromApi: 'LEGACY',
    /** Cognito's default ExplicitAuthFlows when a client names none (SRP, custom auth, refresh). */
    explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH'] as const,
    /**
     * How long a sign-in may wait for the answer to a challenge (its `Session`): Cognito's
     * AuthSessionValidity default. Cognito lets a client set 3-15 minutes; here it is fixed.
     */
    authSessionSeconds: 3 * 60,
  },
  /** A code lives 5 minutes and is single-use (Cognito's documented behaviour). */
  authorizationCodeSeconds: 5 * 60,
  /** How long a sign-in page may sit open before its interaction expires. */
  interactionSeconds: 60 * 60,
  /** Not Cognito's: connections to PostgreSQL (DATABASE_POOL_SIZE). */
  databasePoolSize: 6,
  /**
   * How long an instance keeps an app client in memory. A change made through the admin API is seen
   * at once by the instance that made it, by others within this time (Cognito, too, says client
   * changes may take a moment to apply).
   */
  clientCacheSeconds: 5,
} as const;

/** Cognito's allowed ranges for token validity, in seconds. */
export const tokenValidityRange = {
  accessToken: { min: 5 * 60, max: 24 * 3600 },
  idToken: { min: 5 * 60, max: 24 * 3600 },
  refreshToken: { min: 60 * 60, max: 3650 * 24 * 3600 },
} as const;

/** Scopes Cognito knows without a resource server. */
export const standardScopes = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'] as const;

/** Cognito's constraints on a group (CreateGroup, UpdateGroup); the pool file's groups meet them too. */
export const groupRules = {
  name: { maxLength: 128, pattern: String.raw`[\p{L}\p{M}\p{S}\p{N}\p{P}]+` },
  descriptionMaxLength: 2048,
  precedenceMax: 2 ** 31 - 1,
  roleArn: {
    minLength: 20,
    maxLength: 2048,
    pattern: String.raw`arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?`,
  },
} as const;

/** A whole value matching one of Cognito's patterns above. */
export const matchesPattern = (pattern: string, value: string) => new RegExp(`^(?:${pattern})$`, 'u').test(value);
