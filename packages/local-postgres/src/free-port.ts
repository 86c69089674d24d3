import { createServer, type Server } from 'node:net';

function probe(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** `count` distinct TCP ports that were free on 127.0.0.1 a moment ago (all held while picked). */
async function freePorts(count: number): Promise<number[]> {
  const probes = await Promise.allSettled(Array.from({ length: count }, probe));
  const held = probes.flatMap((p) => (p.status === 'fulfilled' ? [p.value] : []));
  const ports = held.map((server) => {
    const address = server.address();
    return typeof address === 'object' && address ? address.port : 0;
  });
  await Promise.all(held.map((server) => new Promise((resolve) => server.close(resolve))));
  const failed = probes.find((p) => p.status === 'rejected');
  if (failed) throw failed.reason;
  return ports;
}

/** A TCP port that was free on 127.0.0.1 a moment ago (nothing keeps it free). */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}

/** Whether `error`, or an error it was caused by, says that an address was in use already. */
export function isAddressInUse(error: unknown): boolean {
  for (let at = error; at instanceof Error; at = at.cause) {
    if ((at as NodeJS.ErrnoException).code === 'EADDRINUSE') return true;
    // A process of its own reports it in its output: Node's EADDRINUSE, PostgreSQL's wording.
    if (/EADDRINUSE|Address already in use/.test(at.message)) return true;
  }
  return false;
}

const attempts = 5;

/**
 * Runs `start` on `count` ports that were free a moment ago: for servers that must know their ports
 * before they listen (URLs that name them, processes of their own). Any other process may take a
 * port in between; when `start` fails because one was (EADDRINUSE), it runs again on other ports.
 * `start` leaves nothing running when it fails.
 */
export async function onFreePorts<T>(count: number, start: (ports: number[]) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePorts(count));
    } catch (error) {
      if (attempt >= attempts || !isAddressInUse(error)) throw error;
    }
  }
}

/** `onFreePorts` for one port. */
export function onFreePort<T>(start: (port: number) => Promise<T>): Promise<T> {
  return onFreePorts(1, ([port]) => start(port!));
}
