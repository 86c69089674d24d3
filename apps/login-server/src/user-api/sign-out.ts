import { z } from 'zod';
import { type Action, parseInput } from '../admin-api/protocol.ts';
import { Violations } from '../admin-api/violations.ts';
import { recordRevokeToken } from '../inspector/sign-in-api-steps.ts';
import { recordAccountSignOut } from '../inspector/sign-out-steps.ts';
import { revokeAllForAccount } from '../oidc/adapter.ts';
import type { TokenIssuer } from '../oidc/token-issuer.ts';
import { CognitoError } from '../pool/errors.ts';
import type { Services } from '../services.ts';
import { checkClientSecret } from '../sign-in-api/refresh-tokens.ts';
import type { Bearer } from './access-token.ts';

const revokeInput = z
  .object({ ClientId: z.string().optional(), Token: z.string().optional(), ClientSecret: z.string().optional() })
  .loose();

/** A JWT (an ID or access token) has three dot-separated parts; refresh tokens here have none. */
const isJwt = (token: string) => token.split('.').length === 3;

/**
 * Ending sign-ins on Cognito's API. GlobalSignOut (by the user's access token) does what
 * AdminUserGlobalSignOut does: every refresh token of the user, of every app client, is revoked with
 * its grant, so the access tokens issued under them fail at the user operations and at
 * /oauth2/userInfo. The hosted session cookie stays, as in Cognito. RevokeToken revokes one refresh
 * token (and its access tokens), as /oauth2/revoke does; DeleteUser signs the user out and deletes them.
 */
export function signOutActions(services: Services, issuer: TokenIssuer, bearer: Bearer): Record<string, Action> {
  return {
    async GlobalSignOut(input) {
      const { user } = await bearer(input);
      const revoked = await revokeAllForAccount(services.pool, user.sub);
      services.log.info({ sub: user.sub }, 'global sign-out');
      recordAccountSignOut(services.flows, 'GlobalSignOut', user, revoked);
      return {};
    },

    async RevokeToken(input) {
      const i = parseInput(revokeInput, input);
      const problems = new Violations();
      // Cognito's ids are [\w+]+; the pool file's may also hold '-' (product-a).
      problems.text('clientId', i.ClientId, {
        required: true,
        minLength: 1,
        maxLength: 128,
        pattern: String.raw`[\w+-]+`,
      });
      problems.text('token', i.Token, { required: true, pattern: '[A-Za-z0-9-_=.]+', sensitive: true });
      problems.check();
      const client = await services.clients.find(i.ClientId as string);
      if (!client) throw new CognitoError('UnauthorizedException', `Client ${i.ClientId} does not exist.`);
      checkClientSecret(client, i.ClientSecret, 'UnauthorizedException');
      if (!client.settings.enableTokenRevocation) {
        throw new CognitoError('UnsupportedOperationException', 'Token revocation is not enabled for this client.');
      }
      const token = i.Token as string;
      // Only refresh tokens are revoked; ID and access tokens end with the grant of theirs.
      if (isJwt(token)) throw new CognitoError('UnsupportedTokenTypeException', 'Only refresh tokens can be revoked.');
      // An unknown or expired token is no error (RFC 7009), as at /oauth2/revoke.
      const revoked = await issuer.revokeRefreshToken(client.clientId, token);
      if (revoked.outcome === 'other-client') {
        throw new CognitoError('UnauthorizedException', 'The token was not issued to this client.');
      }
      if (revoked.outcome === 'revoked') recordRevokeToken(client.clientId, token, i.ClientSecret, revoked.grantId);
      return {};
    },

    async DeleteUser(input) {
      const { user } = await bearer(input);
      const revoked = await revokeAllForAccount(services.pool, user.sub);
      await services.users.delete(user.sub);
      recordAccountSignOut(services.flows, 'DeleteUser', user, revoked);
      services.log.info({ sub: user.sub }, 'user deleted by themselves');
      return {};
    },
  };
}
