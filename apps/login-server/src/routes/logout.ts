import Router from '@koa/router';
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import { hostedUiQuery } from '../oidc/hosted-ui-query.ts';
import type { Services } from '../services.ts';

/**
 * Cognito's GET /logout: `client_id` with a registered `logout_uri` (signed out, then sent there,
 * without `state`), or `client_id` with a registered `redirect_uri` and `response_type` (signed
 * out, then to the sign-in page). It ends the hosted session (the `cognito` cookie) and nothing
 * else: tokens already issued stay valid, as with Cognito.
 */
export function logoutRoutes(services: Services, provider: Provider): Router {
  const router = new Router();

  const refuse = (ctx: Context, reason: string) => {
    const query = new URLSearchParams({ error: 'invalid_request', error_description: reason });
    if (typeof ctx.query.client_id === 'string') query.set('client_id', ctx.query.client_id);
    ctx.redirect(`/error?${query}`);
  };

  router.get('/logout', async (ctx) => {
    const { client_id: clientId, logout_uri: logoutUri, redirect_uri: redirectUri, response_type } = ctx.query;
    const client = typeof clientId === 'string' ? await services.clients.find(clientId) : undefined;
    if (!client) return refuse(ctx, 'Required String parameter client_id is missing or unknown');

    let target: string;
    if (typeof logoutUri === 'string') {
      if (!client.settings.logoutUrls.includes(logoutUri)) {
        return refuse(ctx, 'logout_uri is not one of the sign-out URLs registered for this app client');
      }
      target = logoutUri;
    } else if (typeof redirectUri === 'string' && typeof response_type === 'string') {
      if (!client.settings.callbackUrls.includes(redirectUri)) {
        return refuse(ctx, 'redirect_uri is not one of the callback URLs registered for this app client');
      }
      target = `/login?${hostedUiQuery(ctx.query)}`;
    } else {
      return refuse(ctx, "Required String parameter 'redirect_uri' is not present");
    }

    const session = await provider.Session.get(ctx);
    if (session.accountId) services.log.info({ sub: session.accountId }, 'hosted sign-out');
    const grantId = session.grantIdFor(client.clientId);
    services.flows?.record([grantId && `grant:${grantId}`], client.clientId, {
      title: 'Hosted sign-out (/logout)',
      details: [
        ['then to', target],
        ['effect', 'the hosted session (cookie) ends; tokens already issued stay valid'],
      ],
      tokens: [],
    });
    await session.destroy();
    const cookie = { path: '/', httpOnly: true, sameSite: 'lax' as const };
    for (const name of ['cognito', 'cognito.sig']) ctx.cookies.set(name, null, cookie);
    ctx.redirect(target);
  });

  return router;
}
