import { onFreePort, testDatabase } from '@sso/testing';
import { afterAll, beforeAll } from 'vitest';
import { parsePoolConfig, type ServerConfig, withEnvironment } from '../../src/config/load.ts';
import type { Clock } from '../../src/pool/users.ts';
import { type RunningServer, startServer } from '../../src/server.ts';

export const password = 'Corr3ct-horse!';
/** A temporary password (FORCE_CHANGE_PASSWORD users), as an administrator sets one. */
export const temporaryPassword = 'Temp-passw0rd!';

/** Test app clients, one per kind Cognito has. Callback URLs are never fetched: tests stop at them. */
export const testClients = {
  productA: { id: 'product-a', secret: 'product-a-secret', callback: 'http://localhost:8000/auth/callback' },
  productB: { id: 'product-b', secret: 'product-b-secret', callback: 'http://localhost:8001/auth/callback' },
  spa: { id: 'spa', callback: 'http://localhost:3000/callback' },
  machine: { id: 'machine', secret: 'machine-secret' },
} as const;

/** The test pool file: the test clients (and `extraClients`), a custom attribute, two users. */
export function testPool(...extraClients: Record<string, unknown>[]): Record<string, unknown> {
  const { productA, productB, spa, machine } = testClients;
  return {
    pool: { customAttributes: ['plan'] },
    clients: [
      {
        clientId: productA.id,
        clientName: 'Product A',
        clientSecret: productA.secret,
        callbackUrls: [productA.callback],
        logoutUrls: ['http://localhost:8000/'],
        allowedOAuthScopes: ['openid', 'email', 'profile'],
      },
      {
        clientId: productB.id,
        clientName: 'Product B',
        clientSecret: productB.secret,
        callbackUrls: [productB.callback],
        logoutUrls: ['http://localhost:8001/'],
        allowedOAuthScopes: ['openid', 'email', 'profile', 'phone'],
        refreshTokenRotation: { enabled: true, retryGracePeriodSeconds: 10 },
      },
      { clientId: spa.id, clientName: 'SPA', callbackUrls: [spa.callback], allowedOAuthScopes: ['openid', 'email'] },
      {
        clientId: machine.id,
        clientName: 'Machine',
        clientSecret: machine.secret,
        allowedOAuthFlows: ['client_credentials'],
        allowedOAuthScopes: ['reports/read', 'reports/write'],
      },
      ...extraClients,
    ],
    users: [
      { email: 'alice@example.com', password, attributes: { name: 'Alice Example', 'custom:plan': 'pro' } },
      { email: 'bob@example.com', password },
    ],
  };
}

export interface TestServer extends RunningServer {
  config: ServerConfig;
  /** The base URL (also what the browser uses), e.g. http://localhost:41234. */
  baseUrl: string;
  issuer: string;
}

interface TestServerOptions {
  pool?: Record<string, unknown>;
  /** Defaults to a new database of the test run's PostgreSQL. */
  databaseUrl?: string;
  port?: number;
  /** The public base URL when it differs from where this instance listens (instances behind a proxy). */
  baseUrl?: string;
  now?: Clock;
}

/**
 * Starts the real server in-process, on `options.port` or a free port (its URLs name the port, so
 * it is chosen first: another on EADDRINUSE).
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const pool = parsePoolConfig(options.pool ?? testPool(), 'test pool');
  const databaseUrl = options.databaseUrl ?? (await testDatabase('login_server'));
  const start = async (port: number): Promise<TestServer> => {
    const config = withEnvironment(
      pool,
      {
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: (process.env.TEST_LOG_LEVEL ?? 'silent') as 'silent',
        LOGIN_SERVER_PORT: port,
        LOGIN_SERVER_HOST: '127.0.0.1',
        LOGIN_SERVER_BASE_URL: options.baseUrl ?? `http://localhost:${port}`,
      },
      'test pool',
    );
    const server = await startServer(config, { now: options.now });
    return { ...server, config, baseUrl: config.server.baseUrl, issuer: config.issuer };
  };
  return options.port ? start(options.port) : onFreePort(start);
}

/**
 * The test server of the enclosing `describe` block (or file): started before its tests, closed
 * after them. The object returned is filled in once the server has started, so the block's tests,
 * and its hooks registered after this call, read it as the server itself. `options` may be made
 * when it starts, from what has to start first (a trigger handler).
 */
export function useTestServer(options: TestServerOptions | (() => Promise<TestServerOptions>) = {}): TestServer {
  const server = {} as TestServer;
  beforeAll(async () => {
    Object.assign(server, await startTestServer(typeof options === 'function' ? await options() : options));
  });
  afterAll(() => server.close?.());
  return server;
}

/** A user made directly in the pool: confirmed, with a verified email and `password`, unless told otherwise. */
export function createUser(
  server: TestServer,
  email: string,
  options: { password?: string; status?: 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD'; emailVerified?: boolean } = {},
) {
  return server.services.users.create({
    email,
    password: options.password ?? password,
    status: options.status ?? 'CONFIRMED',
    emailVerified: options.emailVerified ?? true,
  });
}
