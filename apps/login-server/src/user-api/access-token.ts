import { createLocalJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { z } from 'zod';
import { parseInput } from '../admin-api/protocol.ts';
import { Violations } from '../admin-api/violations.ts';
import type { User } from '../generated/prisma/client.ts';
import { grantIsLive } from '../oidc/adapter.ts';
import { publicJwk } from '../oidc/keys.ts';
import { apiAccessScope } from '../oidc/user-pool-resource.ts';
import { CognitoError, messages } from '../pool/errors.ts';
import type { Services } from '../services.ts';

/** The user an access token speaks for. */
interface TokenBearer {
  user: User;
  /** The app client the token was issued to (its `client_id`). */
  clientId: string | undefined;
}

/**
 * The operations a user authorizes with their own access token (GetUser, ChangePassword,
 * GlobalSignOut, ...), as Cognito checks it: the pool's access-token signature and issuer, not
 * expired, `token_use: access`, the scope `aws.cognito.signin.user.admin`, and not revoked. A token
 * is revoked with the grant it was issued under (`origin_jti`): RevokeToken and /oauth2/revoke end
 * one grant, GlobalSignOut and AdminUserGlobalSignOut every grant of the user, so no token issued
 * before them passes here (nor at /oauth2/userInfo, which checks the grant the same way).
 */
function accessTokenAuthority(services: Pick<Services, 'config' | 'keys' | 'pool' | 'users'>) {
  const jwks = createLocalJWKSet({ keys: [publicJwk(services.keys.accessTokenKey)] });

  async function claimsOf(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer: services.config.issuer, algorithms: ['RS256'] });
      return payload;
    } catch (error) {
      const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw new CognitoError(
        'NotAuthorizedException',
        expired ? messages.expiredAccessToken : messages.invalidAccessToken,
      );
    }
  }

  return {
    async bearerOf(token: string): Promise<TokenBearer> {
      const claims = await claimsOf(token);
      if (claims.token_use !== 'access' || typeof claims.sub !== 'string') {
        throw new CognitoError('NotAuthorizedException', messages.invalidAccessToken);
      }
      const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
      if (!scopes.includes(apiAccessScope))
        throw new CognitoError('NotAuthorizedException', messages.accessTokenScopes);
      if (typeof claims.origin_jti !== 'string' || !(await grantIsLive(services.pool, claims.origin_jti))) {
        throw new CognitoError('NotAuthorizedException', messages.revokedAccessToken);
      }
      const user = await services.users.bySub(claims.sub);
      if (!user) throw new CognitoError('UserNotFoundException', messages.userNotFound);
      if (!user.enabled) throw new CognitoError('NotAuthorizedException', messages.userDisabled);
      return { user, clientId: typeof claims.client_id === 'string' ? claims.client_id : undefined };
    },
  };
}

/** Cognito's constraint on every AccessToken field. */
const tokenPattern = '[A-Za-z0-9-_=.]+';

/** The AccessToken of a request, checked as Cognito checks the field (its value is never repeated back). */
function accessTokenIn(input: unknown): string {
  const { AccessToken } = parseInput(z.object({ AccessToken: z.string().optional() }).loose(), input);
  const problems = new Violations();
  problems.text('accessToken', AccessToken, { required: true, pattern: tokenPattern, sensitive: true });
  problems.check();
  return AccessToken as string;
}

/** Finds who a request's AccessToken speaks for (what each user operation starts with). */
export type Bearer = (input: unknown) => Promise<TokenBearer>;

export function bearerOf(services: Pick<Services, 'config' | 'keys' | 'pool' | 'users'>): Bearer {
  const authority = accessTokenAuthority(services);
  return (input) => authority.bearerOf(accessTokenIn(input));
}
