import { createServer, request, type Server } from 'node:http';

/**
 * A tiny stand-in for a Kubernetes Service: each request goes to the next instance in turn, so a
 * single sign-in is served by several instances.
 */
export async function roundRobin(port: number, targets: string[]): Promise<{ hits: number[]; close(): Promise<void> }> {
  const hits = targets.map(() => 0);
  let next = 0;
  const server: Server = createServer((incoming, outgoing) => {
    const index = next++ % targets.length;
    hits[index]! += 1;
    const target = new URL(incoming.url ?? '/', targets[index]);
    const upstream = request(target, { method: incoming.method, headers: incoming.headers }, (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    hits,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
