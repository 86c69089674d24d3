import { PassThrough } from 'node:stream';
import type { AppLoadContext, EntryContext, HandleErrorFunction } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { isRouteErrorResponse, RemixServer } from '@remix-run/react';
import { renderToPipeableStream } from 'react-dom/server';
import { NonceContext } from './components/nonce.ts';

/** A page still rendering after this long is cut off (the products defer no data, so none should). */
const renderDeadlineMs = 5_000;

/**
 * The products' server entry (each app's `app/entry.server.tsx` re-exports it). Remix's default
 * entry leaves its 5-second abort timer running after every page, which keeps each page's whole
 * render alive for 5 seconds: at a few hundred pages a second, hundreds of MB. This one clears it,
 * and sends a page once it is complete (no data is deferred, so nothing streams later).
 */
export default function handleRequest(
  request: Request,
  status: number,
  headers: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
): Promise<Response> {
  // The Content-Security-Policy's nonce for this response: on Remix's inline scripts and React's.
  const nonce = loadContext.cspNonce;
  return new Promise((resolve, reject) => {
    let failed = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={renderDeadlineMs} />
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady() {
          clearTimeout(deadline);
          const body = new PassThrough();
          headers.set('Content-Type', 'text/html; charset=utf-8');
          resolve(new Response(createReadableStreamFromReadable(body), { headers, status: failed ? 500 : status }));
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(deadline);
          reject(error);
        },
        onError() {
          // Remix reports the error itself (handleError below); the page shows its error boundary.
          failed = true;
        },
      },
    );
    const deadline = setTimeout(abort, renderDeadlineMs);
  });
}

/**
 * Errors Remix catches in loaders, actions and rendering. A missing page (404) or a request the
 * browser gave up on is not an error of ours; the rest go to the server's log (and a database outage
 * makes the answer a 503), never to the person.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  context.reportError(error);
};
