import helmet from 'helmet';
import type { Middleware } from 'koa';
import { styleSources } from './layout.ts';

/**
 * Security headers on every response, set before anything else runs so that the hosted pages, the
 * error and mailbox pages, and oidc-provider's own answers all carry them. The pages have no script,
 * one inline style sheet (allowed by its hash), and are never framed; their URLs carry state and
 * codes, so no Referer leaves them.
 */
export function securityHeaders(): Middleware {
  const setHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: styleSources,
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        // No form-action: Chromium applies it to the redirects that follow a form post, and the
        // sign-in form is answered with a redirect to the app's callback, on the app's origin.
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Not here: HSTS is for whatever terminates TLS in front of the server. Sent from localhost it
    // would pin every local app (the products on http://localhost) to https.
    strictTransportSecurity: false,
  });
  return (ctx, next) =>
    new Promise<void>((resolve, reject) => {
      setHeaders(ctx.req, ctx.res, (error?: unknown) => (error ? reject(error) : resolve()));
    }).then(next);
}
