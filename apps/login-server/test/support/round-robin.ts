import { createServer, request, type Server } from 'node:http';
import { portOf } from '@sso/service';

export interface RoundRobin {
  /** Where it listens, as the instances behind it know their public address: http://localhost:<port>. */
  url: string;
  /** The requests each instance has been sent, in the order of `forwardTo`'s list. */
  hits: number[];
  /** The instances to take turns among (until then, every request is answered 503). */
  forwardTo(targets: string[]): void;
  close(): Promise<void>;
}

/**
 * A tiny stand-in for a Kubernetes Service: each request goes to the next instance in turn, so a
 * single sign-in is served by several instances. It listens first: the instances are told its URL.
 */
export async function roundRobin(): Promise<RoundRobin> {
  let targets: string[] = [];
  const hits: number[] = [];
  let next = 0;
  const server: Server = createServer((incoming, outgoing) => {
    if (targets.length === 0) return void outgoing.writeHead(503).end();
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${portOf(server)}`,
    hits,
    forwardTo(list) {
      targets = list;
      hits.splice(0, hits.length, ...list.map(() => 0));
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
