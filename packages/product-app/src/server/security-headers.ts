import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type express from 'express';
import helmet from 'helmet';

/** This response's CSP nonce (made by `securityHeaders`, handed to Remix through the load context). */
export const cspNonce = (res: ServerResponse): string => (res as express.Response).locals.cspNonce;

/**
 * The headers every product response carries: a strict Content-Security-Policy (scripts by a
 * per-request nonce, the inline stylesheet by its hash, nothing from other origins), no framing, no
 * sniffing, no Referer to other sites (the callback URL carries a one-time code).
 */
export function securityHeaders(options: {
  /** The hosted login: the sign-in and sign-out buttons post here and are redirected there. */
  hostedLoginUrl: string;
  /** Served over https: browsers are told to keep to it. */
  https: boolean;
  /**
   * The inline stylesheets the product's pages carry, exactly as served, allowed by their hash:
   * the same on every page, including those rendered outside Remix (which have no nonce).
   */
  inlineStyles: string[];
}): express.RequestHandler[] {
  const nonce = (_req: unknown, res: ServerResponse) => `'nonce-${cspNonce(res)}'`;
  const styleHashes = options.inlineStyles.map(
    (css) => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`,
  );
  return [
    (_req, res, next) => {
      res.locals.cspNonce = randomBytes(16).toString('base64');
      next();
    },
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          scriptSrc: ["'self'", nonce],
          styleSrc: styleHashes,
          // The brand's icon is an inline SVG.
          imgSrc: ["'self'", 'data:'],
          // Remix's client asks the server for route data and its manifest.
          connectSrc: ["'self'"],
          baseUri: ["'none'"],
          // Chromium holds the redirects after a form post to this too: signing in and out go there.
          formAction: ["'self'", new URL(options.hostedLoginUrl).origin],
          frameAncestors: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'same-origin' },
      xFrameOptions: { action: 'deny' },
      strictTransportSecurity: options.https,
    }),
  ];
}
