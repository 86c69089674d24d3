import { buildProducts } from './build.ts';
import { type Running, startService, stopAll, waitUntilReady } from './processes.ts';
import { dataDir, demoPassword, demoUsers, loginServer, services } from './settings.ts';

/**
 * `npm start`: the whole local stack on embedded defaults. Builds the products if needed, starts the
 * login server, then product A and B, each with its own embedded database in the data folder.
 */
const say = (line: string) => console.log(`\x1b[1m›\x1b[0m ${line}`);
const running: Running[] = [];
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say('stopping…');
    await stopAll(running);
    say('stopped');
  }
  process.exit(code);
}
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));

try {
  say(`data folder: ${dataDir}`);
  if (process.env.SSO_SKIP_BUILD !== '1') await buildProducts(['product-a', 'product-b'], say);
  for (const spec of services()) {
    say(`starting ${spec.name}…`);
    const service = startService(spec, console.log);
    running.push(service);
    await waitUntilReady(service);
    void service.exited.then((code) => {
      if (!stopping) {
        say(`${spec.name} stopped unexpectedly (exit code ${code})`);
        void stop(1);
      }
    });
  }
  const [, a, b] = services();
  console.log(`
\x1b[1mThe local stack is up.\x1b[0m  (Ctrl-C stops it; \`npm run reset\` forgets all data)

  Product A        ${a!.url}
  Product B        ${b!.url}
  Login server     ${loginServer.url}   (issuer ${loginServer.issuer})
  Mailbox          ${loginServer.url}/mailbox   (sign-up and reset codes)

  Demo users, password ${demoPassword}:
${demoUsers.map((u) => `    ${u.email.padEnd(20)} ${u.note}`).join('\n')}
`);
} catch (error) {
  say(`\x1b[31m${(error as Error).message}\x1b[0m`);
  await stop(1);
}
