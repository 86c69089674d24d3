import Koa from 'koa';
import { adminApiRoutes } from './admin-api/routes.ts';
import { failureBoundary, logUnhandledErrors } from './failure-boundary.ts';
import { hostedUiRoutes } from './hosted-ui/routes.ts';
import { securityHeaders } from './hosted-ui/security-headers.ts';
import { flowScopes } from './inspector/flow-context.ts';
import { createProvider } from './oidc/provider.ts';
import { TokenIssuer } from './oidc/token-issuer.ts';
import { discoveryRoutes } from './routes/discovery.ts';
import { errorPageRoutes } from './routes/error-page.ts';
import { healthRoutes, type Readiness } from './routes/health.ts';
import { inspectorRoutes } from './routes/inspector.ts';
import { logoutRoutes } from './routes/logout.ts';
import { mailboxRoutes } from './routes/mailbox.ts';
import { userInfoRoutes } from './routes/userinfo.ts';
import type { Services } from './services.ts';

/**
 * The whole server: our own routes first (Cognito's shapes where oidc-provider's differ, the
 * hosted pages, Cognito's JSON API), then oidc-provider for /oauth2/authorize, /oauth2/token,
 * /oauth2/revoke and the JWKS.
 */
export function createApp(services: Services, readiness: Readiness): Koa {
  const provider = createProvider(services);
  const koa = new Koa({ proxy: true, keys: services.keys.cookieKeys });

  koa.use(securityHeaders());
  logUnhandledErrors(koa, services.log);
  koa.use(requestLog(services));
  koa.use(failureBoundary(services.log));
  // The inspector's flow of each request (triggers, API sign-ins): nothing at all while it is off.
  if (services.flows) koa.use(flowScopes(services.flows));
  for (const router of [
    healthRoutes(readiness),
    discoveryRoutes(services.config),
    userInfoRoutes(services),
    logoutRoutes(services, provider),
    hostedUiRoutes(services, provider),
    errorPageRoutes(),
    mailboxRoutes(services),
    inspectorRoutes(services),
    adminApiRoutes(services, new TokenIssuer(provider, services)),
  ]) {
    koa.use(router.routes()).use(router.allowedMethods());
  }
  const oidc = provider.callback();
  koa.use(async (ctx) => {
    ctx.respond = false;
    await oidc(ctx.req, ctx.res);
  });
  return koa;
}

function requestLog(services: Services): Koa.Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const ms = Math.round(performance.now() - started);
      const status = ctx.respond === false ? ctx.res.statusCode : ctx.status;
      services.log.debug({ method: ctx.method, path: ctx.path, status, ms }, 'request');
    }
  };
}
