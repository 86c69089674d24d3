import type { JwtPayload } from 'aws-jwt-verify/jwt-model';

/** The tokens of a sign-in or a refresh. */
export interface CognitoTokens {
  accessToken: string;
  idToken: string;
  /** Absent after a refresh when the app client does not rotate refresh tokens (the old one stays valid). */
  refreshToken?: string;
  /** When the access token expires. */
  expiresAt: Date;
}

/** Who signed in, from the verified ID token. */
export interface CognitoProfile {
  /** The user's stable id. */
  sub: string;
  /** `cognito:username` (equals `sub` when the pool signs in by email). */
  username: string;
  email?: string;
  /** Boolean here, whatever type the token used. Link accounts by email only when this is true. */
  emailVerified: boolean;
  name?: string;
  givenName?: string;
  familyName?: string;
  /** When the person last typed their password (seconds since the epoch); kept across refreshes. */
  authTime?: number;
  /** The whole verified ID token payload. */
  claims: JwtPayload;
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

export function profileFrom(claims: JwtPayload): CognitoProfile {
  const sub = String(claims.sub);
  return {
    sub,
    username: text(claims['cognito:username']) ?? sub,
    email: text(claims.email),
    emailVerified: claims.email_verified === true || claims.email_verified === 'true',
    name: text(claims.name),
    givenName: text(claims.given_name),
    familyName: text(claims.family_name),
    authTime: typeof claims.auth_time === 'number' ? claims.auth_time : undefined,
    claims,
  };
}
