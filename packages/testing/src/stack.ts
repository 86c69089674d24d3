import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createDatabase, type LocalPostgres, onFreePorts, scratchDir, startLocalPostgres } from '@sso/local-postgres';
import { waitUntilReady } from '@sso/service';
import { stringify } from 'yaml';
import { buildServices, repoRoot } from './build.ts';
import { productClient } from './product-client.ts';

export type ServiceName = 'login-server' | 'product-a' | 'product-b';

/** One service of the stack: its build run as `node dist/main.js`, its output kept line by line. */
export interface ServiceProcess {
  name: ServiceName;
  /** Its public URL (`http://localhost:<port>`), as the browser and the other services use it. */
  url: string;
  /** Everything it wrote, one entry per line. */
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
}

/** The stack's own PostgreSQL, to take away from under the services and give back. */
export interface StackDatabase {
  /** A fast shutdown: open sessions are ended, new connections refused. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
}

export interface Stack {
  loginServer: ServiceProcess;
  productA: ServiceProcess;
  productB: ServiceProcess;
  services: ServiceProcess[];
  issuer: string;
  /** A person the login server knows (and both products, from their demo data). */
  user: { email: string; password: string };
  database: StackDatabase;
  stop(): Promise<void>;
}

const user = { email: 'dana@example.com', password: 'Passw0rd!' };

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/**
 * The whole stack as `npm start` runs it (each service's build in a process of its own), on free
 * ports, with a PostgreSQL of its own that a test may stop and start under the services. Each
 * service migrates its own database at start, as in production. Builds what is stale first.
 */
export async function startStack(options: { logLevel?: string } = {}): Promise<Stack> {
  await buildServices('login-server', 'product-a', 'product-b');
  const dir = scratchDir('sso-stack-');
  const postgresOptions = {
    dataDir: path.join(dir, 'data'),
    port: 0,
    superuserPassword: randomBytes(16).toString('hex'),
    durable: false,
  };
  let postgres: LocalPostgres | undefined = await startLocalPostgres(postgresOptions);
  // Started again on the port it took: the services' DATABASE_URL names it.
  postgresOptions.port = postgres.port;
  const children: ChildProcess[] = [];
  const processOf = new Map<ServiceProcess, ChildProcess>();
  const closed = new Set<ChildProcess>();
  const stopServices = async () => {
    await Promise.all(
      children.splice(0).map(async (child) => {
        if (hasExited(child)) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  };
  const stop = async () => {
    await stopServices();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const databases = await Promise.all(
      ['login_server', 'product_a', 'product_b'].map((name) => createDatabase(postgres!.adminUrl(), name)),
    );
    // Each service names the others' ports in its settings: all three are chosen before any starts.
    const { loginServer, productA, productB, services, issuer } = await onFreePorts(3, async (ports) => {
      const [loginPort, portA, portB] = ports as [number, number, number];
      const urls = {
        login: `http://localhost:${loginPort}`,
        a: `http://localhost:${portA}`,
        b: `http://localhost:${portB}`,
      };
      const issuer = `${urls.login}/us-east-1_LocalPool`;
      const poolFile = path.join(dir, 'pool.yaml');
      writeFileSync(
        poolFile,
        stringify({
          server: { userPoolId: 'us-east-1_LocalPool' },
          clients: [productClient('product-a', urls.a), productClient('product-b', urls.b)],
          users: [{ ...user, attributes: { name: 'Dana Diaz' } }],
        }),
      );
      const common = { LOG_LEVEL: options.logLevel ?? 'info' };
      const product = (name: 'product-a' | 'product-b', port: number, url: string, database: string) => ({
        ...common,
        PORT: String(port),
        HOST: '127.0.0.1',
        APP_URL: url,
        DATABASE_URL: database,
        SESSION_SECRET: randomBytes(32).toString('base64url'),
        COGNITO_CLIENT_ID: name,
        COGNITO_CLIENT_SECRET: `${name}-secret`,
        COGNITO_ISSUER: issuer,
        COGNITO_HOSTED_UI_URL: urls.login,
      });
      const start = (name: ServiceName, url: string, env: Record<string, string>): ServiceProcess => {
        const child = spawn(process.execPath, [`apps/${name}/dist/main.js`], {
          cwd: repoRoot,
          env: { ...env, NODE_ENV: 'production', PATH: process.env.PATH },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        children.push(child);
        // Exited, and all it wrote read: why it exited (EADDRINUSE: other ports) is in its output.
        child.once('close', () => closed.add(child));
        const service: ServiceProcess = {
          name,
          url,
          stdout: [],
          stderr: [],
          exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
        };
        processOf.set(service, child);
        createInterface({ input: child.stdout! }).on('line', (line) => service.stdout.push(line));
        createInterface({ input: child.stderr! }).on('line', (line) => service.stderr.push(line));
        return service;
      };
      const loginServer = start('login-server', urls.login, {
        ...common,
        LOGIN_SERVER_CONFIG: poolFile,
        LOGIN_SERVER_PORT: String(loginPort),
        LOGIN_SERVER_HOST: '127.0.0.1',
        LOGIN_SERVER_BASE_URL: urls.login,
        DATABASE_URL: databases[0]!,
      });
      const productA = start('product-a', urls.a, product('product-a', portA, urls.a, databases[1]!));
      const productB = start('product-b', urls.b, product('product-b', portB, urls.b, databases[2]!));
      const services = [loginServer, productA, productB];
      try {
        await Promise.all(
          services.map((service) =>
            waitUntilReady(`${service.url}/ready`, {
              name: service.name,
              timeoutMs: 90_000,
              exited: () => closed.has(processOf.get(service)!),
              output: () => [...service.stdout, ...service.stderr].join('\n'),
            }),
          ),
        );
      } catch (error) {
        await stopServices();
        throw error;
      }
      return { loginServer, productA, productB, services, issuer };
    });
    return {
      loginServer,
      productA,
      productB,
      services,
      issuer,
      user,
      database: {
        async stop() {
          await postgres?.stop();
          postgres = undefined;
        },
        async start() {
          postgres ??= await startLocalPostgres(postgresOptions);
        },
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
