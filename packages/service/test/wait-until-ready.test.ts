import { createServer, type RequestListener, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, portOf, waitUntilReady } from '../src/index.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise((resolve) => {
          server.closeAllConnections();
          server.close(resolve);
        }),
    ),
  );
});

/** A server on a free port whose /ready answers as `handler` says; returns its /ready URL. */
async function serve(handler: RequestListener): Promise<string> {
  const server = await listen(handler, 0, '127.0.0.1');
  servers.push(server);
  return `http://127.0.0.1:${portOf(server)}/ready`;
}

/** Answers 503 to the first `notReady` requests, then 200; counts them. */
function readyAfter(notReady: number) {
  const state = { asked: 0 };
  const handler: RequestListener = (_request, response) => {
    state.asked += 1;
    response.statusCode = state.asked > notReady ? 200 : 503;
    response.end();
  };
  return { state, handler };
}

describe('waiting until a service is ready', () => {
  it('asks again until /ready answers 200', async () => {
    const { state, handler } = readyAfter(3);
    await waitUntilReady(await serve(handler), { name: 'product-a', timeoutMs: 30_000 });
    expect(state.asked).toBe(4);
  });

  it('waits for a server that is not listening yet', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = portOf(probe);
    await new Promise((resolve) => probe.close(resolve));
    const waiting = waitUntilReady(`http://127.0.0.1:${port}/ready`, { name: 'login-server', timeoutMs: 30_000 });
    // Refused a few times first, then there.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { state, handler } = readyAfter(0);
    servers.push(await listen(handler, port, '127.0.0.1'));
    await waiting;
    expect(state.asked).toBe(1);
  });

  it('asks again when an answer does not come, as an orchestrator would', async () => {
    let asked = 0;
    const url = await serve((_request, response) => {
      asked += 1;
      // The first request is never answered.
      if (asked === 1) return;
      response.end();
    });
    await waitUntilReady(url, { name: 'product-b', timeoutMs: 30_000 });
    expect(asked).toBe(2);
  });

  it('gives up as soon as the process has exited, with what it wrote', async () => {
    const { state, handler } = readyAfter(Number.POSITIVE_INFINITY);
    const url = await serve(handler);
    const waiting = waitUntilReady(url, {
      name: 'product-a',
      timeoutMs: 30_000,
      exited: () => state.asked >= 2,
      output: () => 'DATABASE_URL: required',
    });
    await expect(waiting).rejects.toThrow('product-a exited while starting:\nDATABASE_URL: required');
    expect(state.asked).toBe(2);
  });

  it('gives up after the time it was given, naming the service', async () => {
    const { handler } = readyAfter(Number.POSITIVE_INFINITY);
    const waiting = waitUntilReady(await serve(handler), { name: 'the login server', timeoutMs: 500 });
    await expect(waiting).rejects.toThrow(/^the login server was not ready within 0\.5 s$/);
  });
});
