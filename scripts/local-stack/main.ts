/**
 * The local stack (`npm start [-- login-server product-a …]`, see ../start.mjs, which builds what is
 * stale first): one PostgreSQL server (from the npm registry) with a database per service, then the
 * login server and both products from their builds. Ctrl-C stops the services, then the database.
 * Names given run only those services (and the database).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ensureServiceDatabase, type LocalPostgres, startLocalPostgres } from '@sso/local-postgres';
import { type Running, startService, stopAll, waitUntilReady } from './processes.ts';
import {
  dataDir,
  demoPassword,
  demoUsers,
  loginServer,
  postgres,
  type ServiceSpec,
  secret,
  services,
} from './settings.ts';

const say = (line: string) => console.log(`\x1b[1m›\x1b[0m ${line}`);
const { positionals: only } = parseArgs({ allowPositionals: true });
const chosen = services().filter((spec) => only.length === 0 || only.includes(spec.name));
if (chosen.length < only.length) {
  console.error(
    `unknown service(s): ${only.join(', ')} (known: ${services()
      .map((s) => s.name)
      .join(', ')})`,
  );
  process.exit(64);
}

const running: Running[] = [];
let database: LocalPostgres | undefined;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say('stopping…');
    await stopAll(running);
    await database?.stop();
    say('stopped');
  }
  process.exit(code);
}
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));

try {
  const started = performance.now();
  say(`data folder: ${dataDir}`);
  say(`starting PostgreSQL on 127.0.0.1:${postgres.port}…`);
  database = await startLocalPostgres({
    dataDir: postgres.dir,
    port: postgres.port,
    superuserPassword: secret('postgres'),
    durable: true,
    log: (line) => {
      if (/\b(WARNING|FATAL|PANIC):/.test(line)) console.log(`\x1b[33m[db]\x1b[0m ${line}`);
    },
  });
  if (database.created) say(`made a new database cluster in ${postgres.dir}`);
  void database.exited.then(() => {
    if (!stopping) {
      say('PostgreSQL stopped unexpectedly');
      void stop(1);
    }
  });
  const script = readFileSync(postgres.script, 'utf8');
  const urls = await Promise.all(
    chosen.map((spec) =>
      ensureServiceDatabase(database!.adminUrl(), {
        service: spec.database,
        password: secret(`${spec.database}-database`),
        script,
      }),
    ),
  );

  /** The login server runs product A's user migration trigger, which reads product A's database. */
  const productA = chosen.findIndex((spec) => spec.name === 'product-a');
  const triggerEnvironment = (spec: ServiceSpec): Record<string, string> =>
    spec.name === 'login-server' && productA >= 0 ? { PRODUCT_A_DATABASE_URL: urls[productA]! } : {};

  // The services do not need each other to start: all three at once.
  say(`starting ${chosen.map((spec) => spec.name).join(', ')}…`);
  await Promise.all(
    chosen.map(async (spec, i) => {
      const env = { ...spec.env, DATABASE_URL: urls[i]!, ...triggerEnvironment(spec) };
      const service = startService({ ...spec, env }, console.log);
      running.push(service);
      await waitUntilReady(service);
      void service.exited.then((code) => {
        if (!stopping) {
          say(`${spec.name} stopped unexpectedly (exit code ${code})`);
          void stop(1);
        }
      });
    }),
  );
  const lines = chosen.map((spec) =>
    spec.name === 'login-server'
      ? `  Login server     ${loginServer.url}   (issuer ${loginServer.issuer})\n  Mailbox          ${loginServer.url}/mailbox   (sign-up and reset codes)`
      : `  ${spec.name === 'product-a' ? 'Product A' : 'Product B'}        ${spec.url}`,
  );
  console.log(`
\x1b[1mThe local stack is up\x1b[0m in ${((performance.now() - started) / 1000).toFixed(1)} s.  (Ctrl-C stops it; \`npm run reset\` forgets all data)

${lines.join('\n')}
  PostgreSQL       127.0.0.1:${postgres.port}   (one database and role per service; passwords in ${dataDir}/secrets.json)

  Demo users, password ${demoPassword}:
${demoUsers.map((u) => `    ${u.email.padEnd(20)} ${u.note}`).join('\n')}
`);
} catch (error) {
  say(`\x1b[31m${(error as Error).message}\x1b[0m`);
  await stop(1);
}
