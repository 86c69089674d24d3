/**
 * The fault proxy (./fault-proxy.ts) as a process of its own, for a stack that runs in other
 * processes: the e2e suite starts it before `npm start`, gives the products its URL as their back
 * channel (COGNITO_BACKCHANNEL_URL), and takes the login service away from them and back through
 * a control endpoint, both on 127.0.0.1:
 *
 *   node --experimental-strip-types packages/testing/src/fault-proxy-process.ts \
 *     --target http://localhost:9229 --port 9230 --control-port 9231
 *
 *   GET    /      what it does now and what was asked through it: { down, seen, operations }
 *   PUT    /down  every connection dropped from now on, as if the login service were unreachable
 *   DELETE /down  everything passed through again
 *
 * Both changes start the record afresh, so that a test reads only what came after.
 */
import { createServer, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { startFaultProxy } from './fault-proxy.ts';

const { values } = parseArgs({
  options: {
    target: { type: 'string' },
    port: { type: 'string' },
    'control-port': { type: 'string' },
  },
});
const isPort = (port: number) => Number.isInteger(port) && port >= 1 && port <= 65_535;
const target = values.target ?? '';
const port = Number(values.port);
const controlPort = Number(values['control-port']);
if (!URL.canParse(target) || !isPort(port) || !isPort(controlPort)) {
  console.error('usage: fault-proxy-process.ts --target <login server URL> --port <port> --control-port <port>');
  process.exit(64);
}
const proxy = await startFaultProxy(target, { port });

const send = (response: ServerResponse, status: number, body?: unknown) => {
  if (body === undefined) response.writeHead(status).end();
  else response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

const control = createServer((request, response) => {
  request.resume();
  const route = `${request.method} ${request.url}`;
  if (route === 'GET /') {
    send(response, 200, { down: proxy.faults.down, seen: proxy.seen, operations: proxy.operations });
  } else if (route === 'PUT /down' || route === 'DELETE /down') {
    proxy.reset();
    proxy.faults.down = request.method === 'PUT';
    send(response, 204);
  } else if (request.url === '/' || request.url === '/down') {
    send(response, 405, { error: `${request.method} is not allowed on ${request.url}` });
  } else {
    send(response, 404, { error: `no ${request.url} here: GET /, PUT /down, DELETE /down` });
  }
});
await new Promise<void>((resolve, reject) => {
  control.once('error', reject);
  control.listen(controlPort, '127.0.0.1', resolve);
});
console.log(`fault proxy ${proxy.url} → ${target}, control http://127.0.0.1:${controlPort}`);
