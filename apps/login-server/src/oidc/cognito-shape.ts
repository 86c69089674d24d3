import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { z } from 'zod';
import type { Services } from '../services.ts';
import { grantableScopes } from './scopes.ts';

/**
 * Where oidc-provider and Cognito disagree, Cognito wins. This middleware runs inside the provider
 * around its own routes: it adjusts requests before oidc-provider sees them and responses after.
 * Each adjustment names the Cognito behaviour it reproduces.
 */
export function cognitoShape(services: Services): Middleware {
  const shape: Middleware = async (ctx, next) => {
    const route = `${ctx.method} ${ctx.path}`;
    if (route === 'GET /oauth2/authorize') {
      if (await answeredAuthorizeRequest(ctx, services)) return;
    } else if (route === 'POST /oauth2/token' || route === 'POST /oauth2/revoke') {
      await acceptClientSecretPost(ctx, services);
      if (route === 'POST /oauth2/revoke' && (await refusedRevocation(ctx, services))) return;
    }

    await next();

    if (route === 'POST /oauth2/token') shapeTokenResponse(ctx as KoaContextWithOIDC, services);
    else if (route === 'POST /oauth2/revoke') shapeErrorBody(ctx as KoaContextWithOIDC, services);
  };
  // A body that may carry a client secret is read here, once: oidc-provider then uses this copy.
  // The limit is oidc-provider's own (56 KiB); a larger body is answered 413.
  const secretBody = bodyParser({ enableTypes: ['form'], formLimit: '56kb' });
  return (ctx, next) => (mayCarrySecret(ctx) ? secretBody(ctx, () => shape(ctx, next)) : shape(ctx, next));
}

/** A token or revocation request without credentials in the Authorization header. */
function mayCarrySecret(ctx: Parameters<Middleware>[0]): boolean {
  return (
    ctx.method === 'POST' &&
    (ctx.path === '/oauth2/token' || ctx.path === '/oauth2/revoke') &&
    !ctx.get('authorization') &&
    Boolean(ctx.is('application/x-www-form-urlencoded'))
  );
}

/**
 * For a known client and a registered redirect_uri, Cognito answers some requests itself:
 * implicit or any non-code flow the client may not use is `unauthorized_client`; scopes the client
 * may not use are dropped (not refused), no scope means all of the client's scopes, and
 * email/phone/profile need openid. Returns true when it has answered.
 */
async function answeredAuthorizeRequest(ctx: Parameters<Middleware>[0], services: Services): Promise<boolean> {
  const query = ctx.query;
  const clientId = typeof query.client_id === 'string' ? query.client_id : undefined;
  const redirectUri = typeof query.redirect_uri === 'string' ? query.redirect_uri : undefined;
  const client = clientId ? await services.clients.find(clientId) : undefined;
  // Unknown clients and unregistered redirect URIs get oidc-provider's error page, never a redirect.
  if (!client || !redirectUri || !client.settings.callbackUrls.includes(redirectUri)) return false;

  const redirectWith = (error: string) => {
    const target = new URL(redirectUri);
    target.searchParams.set('error', error);
    if (typeof query.state === 'string') target.searchParams.set('state', query.state);
    ctx.status = 302;
    ctx.redirect(target.href);
    return true;
  };

  const responseType = query.response_type;
  if (typeof responseType === 'string' && responseType.split(' ').includes('token')) {
    return redirectWith('unauthorized_client');
  }
  if (responseType === 'code' && !client.settings.allowedOAuthFlows.includes('code')) {
    return redirectWith('unauthorized_client');
  }

  const requested = typeof query.scope === 'string' ? query.scope : undefined;
  const scope = grantableScopes(requested, client.settings.allowedOAuthScopes);
  if (!scope) return redirectWith('invalid_scope');
  ctx.query = { ...query, scope };
  return false;
}

/**
 * Cognito takes the client secret in the Authorization header or in the body. oidc-provider binds a
 * client to one method, so a secret sent in the body is moved into a Basic header.
 */
async function acceptClientSecretPost(ctx: Parameters<Middleware>[0], services: Services): Promise<void> {
  if (!mayCarrySecret(ctx)) return;
  const body = secretPostBody.safeParse(ctx.request.body);
  if (!body.success) return;
  const { client_id, client_secret, ...rest } = body.data;
  const client = await services.clients.find(client_id);
  if (!client?.clientSecret) return;
  const encode = (value: string) => encodeURIComponent(value);
  ctx.request.headers.authorization = `Basic ${Buffer.from(`${encode(client_id)}:${encode(client_secret)}`).toString('base64')}`;
  ctx.request.body = rest;
}

const secretPostBody = z.object({ client_id: z.string(), client_secret: z.string() }).loose();
const clientIdBody = z.object({ client_id: z.string() }).loose();

/** Cognito: 400 invalid_request when token revocation is off for the client. */
async function refusedRevocation(ctx: Parameters<Middleware>[0], services: Services): Promise<boolean> {
  const clientId = clientIdOf(ctx);
  const client = clientId ? await services.clients.find(clientId) : undefined;
  if (!client || client.settings.enableTokenRevocation) return false;
  ctx.status = 400;
  ctx.body = { error: 'invalid_request' };
  return true;
}

function clientIdOf(ctx: Parameters<Middleware>[0]): string | undefined {
  const basic = /^Basic\s+(.+)$/i.exec(ctx.get('authorization'));
  if (basic?.[1]) {
    const [id] = Buffer.from(basic[1], 'base64').toString().split(':');
    try {
      return id ? decodeURIComponent(id) : undefined;
    } catch {
      // Not percent-encoding: oidc-provider refuses the header itself (invalid_request).
      return undefined;
    }
  }
  const body = clientIdBody.safeParse(ctx.request.body);
  return body.success ? body.data.client_id : undefined;
}

/**
 * Cognito's token responses: no `scope`, no new refresh token on a refresh unless rotation is on,
 * errors as `{"error": ...}` only, and a redirect_uri mismatch reported as `unauthorized_client`.
 */
function shapeTokenResponse(ctx: KoaContextWithOIDC, services: Services): void {
  const body = ctx.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return;
  if ('error' in body) {
    shapeErrorBody(ctx, services);
    return;
  }
  delete body.scope;
  if (ctx.oidc?.params?.grant_type === 'refresh_token' && !ctx.oidc.entities.RotatedRefreshToken) {
    delete body.refresh_token;
  }
}

function shapeErrorBody(ctx: KoaContextWithOIDC, services: Services): void {
  const body = ctx.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object' || !('error' in body)) return;
  const detail = (ctx.state as { oauthError?: { error_detail?: string } }).oauthError?.error_detail;
  // Server errors are logged where they happen (failure-boundary.ts), once.
  if (ctx.status < 500) {
    services.log.info(
      { route: ctx.path, error: body.error, description: body.error_description, detail },
      'oauth error',
    );
  }
  // Cognito reports a redirect_uri mismatch and a grant the client may not use as unauthorized_client.
  const unauthorized =
    detail === 'authorization code redirect_uri mismatch' ||
    body.error_description === 'requested grant type is not allowed for this client';
  ctx.body = { error: unauthorized ? 'unauthorized_client' : body.error };
}
