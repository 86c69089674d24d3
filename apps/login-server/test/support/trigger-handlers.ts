import { createServer, type Server } from 'node:http';
import { portOf } from '@sso/service';
// @ts-expect-error a plain JavaScript module, as a Lambda function's would be
import { handler } from '../fixtures/triggers/handler.mjs';

/** The fixture's module handler, by absolute path (the pool file names a module by path). */
export const moduleHandler = new URL('../fixtures/triggers/handler.mjs', import.meta.url).pathname;

/** Every event a fixture handler has been sent (module and HTTP alike: they run in this process). */
export function triggerEvents(): Record<string, unknown>[] {
  const events = (globalThis as { triggerEvents?: Record<string, unknown>[] }).triggerEvents ?? [];
  return events;
}

export function clearTriggerEvents(): void {
  (globalThis as { triggerEvents?: unknown[] }).triggerEvents = [];
}

/**
 * The same handler behind HTTP on a local port: the event POSTed as JSON, the event answered; a
 * handler error becomes a 500 with Lambda's `{ errorMessage }`.
 */
export async function startHttpHandler(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    try {
      const answer = await handler(JSON.parse(body));
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    } catch (error) {
      response
        .writeHead(500, { 'content-type': 'application/json' })
        .end(JSON.stringify({ errorMessage: (error as Error).message, errorType: 'Error' }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${portOf(server)}/trigger`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
