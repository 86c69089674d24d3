import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The local stack's settings, all in one place: what each process gets in its environment. The
 * client ids, secrets and URLs match apps/login-server/config/local-pool.yaml; they are for this
 * machine only.
 */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Everything the stack stores lives here (git-ignored); `npm run reset` deletes it. */
export const dataDir = path.resolve(repoRoot, process.env.SSO_DATA_DIR ?? '.data');

export const loginServer = {
  port: 9229,
  url: 'http://localhost:9229',
  issuer: 'http://localhost:9229/us-east-1_LocalPool',
};

export interface ServiceSpec {
  name: string;
  label: string;
  url: string;
  /** The command, run from the repo root. */
  args: string[];
  env: Record<string, string>;
}

export const demoUsers = [
  { email: 'demo@example.com', note: 'new to both products' },
  { email: 'alice@example.com', note: 'legacy admin in product A' },
  { email: 'bob@example.com', note: 'legacy pro customer in product B' },
  { email: 'dana@example.com', note: 'legacy user of both products' },
  { email: 'carol@example.com', note: 'legacy in product A, email not verified at the login service' },
];
export const demoPassword = 'Passw0rd!';

/** Made once per data folder, so sessions survive restarts of the stack. */
function sessionSecret(product: string): string {
  const file = path.join(dataDir, `${product}.session-secret`);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

function product(name: 'product-a' | 'product-b', label: string, port: number): ServiceSpec {
  const url = `http://localhost:${port}`;
  return {
    name,
    label,
    url,
    args: ['--import', 'tsx', `apps/${name}/server.ts`],
    env: {
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_URL: url,
      DATABASE_URL: `pglite:${path.join(dataDir, name)}`,
      SESSION_SECRET: sessionSecret(name),
      COGNITO_CLIENT_ID: name,
      COGNITO_CLIENT_SECRET: `${name}-local-secret`,
      COGNITO_ISSUER: loginServer.issuer,
      COGNITO_HOSTED_UI_URL: loginServer.url,
      COGNITO_SCOPES: 'openid email profile',
    },
  };
}

export function services(): ServiceSpec[] {
  return [
    {
      name: 'login-server',
      label: 'login',
      url: loginServer.url,
      args: ['--import', 'tsx', 'apps/login-server/src/main.ts'],
      env: {
        LOGIN_SERVER_PORT: String(loginServer.port),
        LOGIN_SERVER_BASE_URL: loginServer.url,
        DATABASE_URL: `pglite:${path.join(dataDir, 'login-server')}`,
      },
    },
    product('product-a', 'A', 8000),
    product('product-b', 'B', 8001),
  ];
}
