import { rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAddressInUse, onFreePort } from '../src/free-port.ts';
import { scratchDir, startLocalPostgres } from '../src/index.ts';

const servers: Server[] = [];
const connections: Socket[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const socket of connections.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A server on `port` that accepts connections and never answers. */
function listenOn(port: number): Promise<Server> {
  const server = createServer((socket) => connections.push(socket));
  servers.push(server);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('a server that must know its port before it listens', () => {
  it('starts on another free port when another process took the first one meanwhile', async () => {
    const tried: number[] = [];
    const started = await onFreePort(async (port) => {
      tried.push(port);
      // The first time, someone else binds the port between its choice and the server's start.
      if (tried.length === 1) await listenOn(port);
      await listenOn(port);
      return port;
    });
    expect(tried).toHaveLength(2);
    expect(started).toBe(tried[1]);
    expect(started).not.toBe(tried[0]);
  });

  it('fails at once for any other reason', async () => {
    let attempts = 0;
    const failing = onFreePort(async () => {
      attempts += 1;
      throw new Error('bad settings');
    });
    await expect(failing).rejects.toThrow('bad settings');
    expect(attempts).toBe(1);
  });

  it("recognises PostgreSQL's report of its port taken", async () => {
    const taken = await listenOn(0);
    const port = (taken.address() as { port: number }).port;
    const dir = scratchDir('pg-port-taken-');
    dirs.push(dir);
    const starting = startLocalPostgres({
      dataDir: path.join(dir, 'data'),
      port,
      superuserPassword: 'secret',
      durable: false,
    });
    const error = await starting.then(
      (postgres) => postgres.stop().then(() => undefined),
      (error: unknown) => error,
    );
    expect(isAddressInUse(error)).toBe(true);
  });
});
