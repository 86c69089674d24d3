import Router from '@koa/router';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { Context } from 'koa';
import { findAccount } from '../oidc/account.ts';
import { grantIsLive } from '../oidc/adapter.ts';
import { attributeClaims, scopeClaims } from '../oidc/claims.ts';
import { publicJwk } from '../oidc/keys.ts';
import type { Services } from '../services.ts';

const scopedClaims: Record<string, readonly string[]> = {
  email: scopeClaims.email,
  phone: scopeClaims.phone,
  profile: scopeClaims.profile,
};

/**
 * Cognito's /oauth2/userInfo (GET and POST): takes the JWT access token from /oauth2/token, needs
 * `openid` in its scope, refuses revoked tokens, and returns attributes as strings by scope.
 * (oidc-provider's own userinfo endpoint does not take JWT access tokens, so this is ours.)
 */
export function userInfoRoutes(services: Services): Router {
  const { config } = services;
  const jwks = createLocalJWKSet({ keys: [publicJwk(services.keys.accessTokenKey)] });
  const router = new Router();

  const fail = (ctx: Context, status: 400 | 401, error: string, description: string) => {
    ctx.status = status;
    ctx.set('WWW-Authenticate', `Bearer error="${error}", error_description="${description}"`);
    ctx.body = { error, error_description: description };
  };

  const handler = async (ctx: Context) => {
    ctx.set('Access-Control-Allow-Origin', '*');
    const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
    if (!match?.[1]) return fail(ctx, 400, 'invalid_request', 'Access token is missing');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(match[1], jwks, { issuer: config.issuer, algorithms: ['RS256'] }));
    } catch (error) {
      const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
      return fail(ctx, 401, 'invalid_token', expired ? 'Access token is expired' : 'Invalid access token');
    }
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    if (payload.token_use !== 'access' || !scopes.includes('openid') || typeof payload.sub !== 'string') {
      return fail(ctx, 401, 'invalid_token', 'Access token does not have the openid scope');
    }
    // Revocation and global sign-out remove the grant the token came from.
    if (typeof payload.origin_jti !== 'string' || !(await grantIsLive(services.pool, payload.origin_jti))) {
      return fail(ctx, 401, 'invalid_token', 'Access token has been revoked');
    }
    const user = await findAccount(services.pool, payload.sub);
    if (!user) return fail(ctx, 401, 'invalid_token', 'User does not exist or is disabled');

    const all = attributeClaims(user, 'userinfo');
    const narrowed = scopes.filter((s) => s in scopedClaims);
    const released = narrowed.length
      ? Object.fromEntries(
          Object.entries(all).filter(
            ([name]) =>
              name === 'sub' ||
              narrowed.some((s) => scopedClaims[s]?.includes(name)) ||
              (narrowed.includes('profile') && name.startsWith('custom:')),
          ),
        )
      : all;
    ctx.body = { ...released, username: user.username };
  };

  router.get('/oauth2/userInfo', handler);
  router.post('/oauth2/userInfo', handler);
  return router;
}
