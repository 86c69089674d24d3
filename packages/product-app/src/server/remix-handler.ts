// The Express adapter's own request and response conversion; its request handler writes Remix's
// response at once, and a database outage has to change that response first.
import { createRemixRequest, sendRemixResponse } from '@remix-run/express/dist/server.js';
import { type AppLoadContext, createRequestHandler, type ServerBuild } from '@remix-run/node';
import { isDatabaseUnavailable, logFailure, retryAfterSeconds } from '@sso/service';
import type express from 'express';
import type { Logger } from 'pino';

/** Methods a Fetch API Request cannot carry (Remix works on those): the app has nothing to say to them. */
const unsupportedMethods = new Set(['CONNECT', 'TRACE', 'TRACK']);

export interface RemixHandlerOptions {
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** The load context of one request, given how it reports failures (see ProductContext). */
  context(reportError: (error: unknown) => void, res: express.Response): AppLoadContext;
  log: Logger;
  /** The answer while the database is unreachable (a page: the app's own need the missing data). */
  unavailable(): Response;
}

/**
 * The products' Remix app under Express. Failures Remix catches (loaders, actions, rendering) come
 * back through the load context's `reportError` (the server entry's handleError): each is logged
 * once; one that is a database outage turns the request's 5xx into a 503 with Retry-After.
 */
export function remixHandler(options: RemixHandlerOptions): express.RequestHandler {
  const handle = createRequestHandler(options.build);
  return async (req, res, next) => {
    let outage = false;
    const reportError = (error: unknown) => {
      // While the database is down every loader of the page fails the same way: one line says it.
      if (outage && isDatabaseUnavailable(error)) return;
      if (logFailure(options.log, error, { method: req.method, path: req.path })) outage = true;
    };
    if (unsupportedMethods.has(req.method)) {
      res.status(405).type('text/plain').send('Method not allowed.');
      return;
    }
    let request: Request;
    try {
      request = createRemixRequest(req, res);
    } catch {
      // A Host or X-Forwarded-Host that makes no URL (a port out of range, say): the client's mistake.
      res.status(400).type('text/plain').send('The request could not be processed.');
      return;
    }
    try {
      let response = await handle(request, options.context(reportError, res));
      if (outage && response.status >= 500) response = asUnavailable(request, response, options.unavailable);
      await sendRemixResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

/**
 * A page (a document, or a form posted to a resource route) becomes the unavailable page; a data
 * request of the app's own client keeps Remix's error body, which its client knows how to read.
 */
function asUnavailable(request: Request, response: Response, unavailable: () => Response): Response {
  if (!new URL(request.url).searchParams.has('_data')) return unavailable();
  const headers = new Headers(response.headers);
  headers.set('Retry-After', String(retryAfterSeconds));
  return new Response(response.body, { status: 503, headers });
}
