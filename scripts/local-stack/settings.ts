import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The local stack's settings, all in one place: where the data lives, the database, and what each
 * service gets in its environment. The client ids, secrets and URLs match
 * apps/login-server/config/local-pool.yaml; they are for this machine only.
 */
/** The checkout: the nearest folder up from here (sources or build) whose package.json has the workspaces. */
export const repoRoot = (() => {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && 'workspaces' in JSON.parse(readFileSync(manifest, 'utf8'))) return dir;
    if (dir === path.dirname(dir)) throw new Error('not inside the repository');
  }
})();

/** Everything the stack stores lives here (git-ignored); `npm run reset` deletes it. */
export const dataDir = path.resolve(repoRoot, process.env.SSO_DATA_DIR ?? '.data');

/** The one PostgreSQL server: its cluster folder, and a port on 127.0.0.1 unlikely to be taken. */
export const postgres = {
  dir: path.join(dataDir, 'postgres'),
  port: Number(process.env.SSO_POSTGRES_PORT ?? 54329),
  /** The role and database of each service, made by the cluster's own script (same file). */
  script: path.join(repoRoot, 'deploy/k8s/base/postgres/service-database.psql'),
};

export const loginServer = {
  port: 9229,
  url: 'http://localhost:9229',
  issuer: 'http://localhost:9229/us-east-1_LocalPool',
};

/*
 * Each service's heap, capped: without a cap V8 lets garbage pile up to hundreds of MB under load
 * before it collects. The login server's live heap under load is about 50 MB, a product's about 40 MB
 * (V8's own measure after a full collection). Measured with `npm run bench`: capping a product at
 * 64 MB instead of 96 takes 25-30 MB off it after load, at the same throughput; the login server, the
 * busiest process, keeps more room and a larger young generation. SSO_SERVICE_NODE_OPTIONS replaces
 * them. In the cluster, the container's memory limit sets Node's heap size instead.
 */
const heap = (oldMb: number, youngMb: number) =>
  (process.env.SSO_SERVICE_NODE_OPTIONS ?? `--max-old-space-size=${oldMb} --max-semi-space-size=${youngMb}`)
    .split(' ')
    .filter(Boolean);

export interface ServiceSpec {
  name: string;
  label: string;
  url: string;
  /** Its database role and database name. */
  database: string;
  /** Node's options (the heap caps above). */
  node: string[];
  /** The command, run from the repo root: the service's build. */
  args: string[];
  env: Record<string, string>;
}

export const demoUsers = [
  { email: 'demo@example.com', note: 'new to both products' },
  { email: 'alice@example.com', note: 'legacy admin in product A' },
  { email: 'bob@example.com', note: 'legacy pro customer in product B' },
  { email: 'dana@example.com', note: 'legacy user of both products' },
  { email: 'carol@example.com', note: 'legacy in product A, email not verified at the login service' },
  { email: 'frank@example.com', note: "member in product A, admin there through the login service's admins group" },
  {
    email: 'erin@example.com',
    note: 'legacy in product A only, her own password Legacy-Passw0rd!: moves to the login service at her first sign-in',
  },
];
export const demoPassword = 'Passw0rd!';

/**
 * Secrets made once per data folder and kept in it (mode 600): the database passwords and the
 * products' session secrets, so data and sessions survive restarts of the stack.
 */
export function secret(name: string): string {
  const file = path.join(dataDir, 'secrets.json');
  const secrets: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  if (!secrets[name]) {
    secrets[name] = randomBytes(32).toString('base64url');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  return secrets[name];
}

function product(name: 'product-a' | 'product-b', label: string, port: number): ServiceSpec {
  const url = `http://localhost:${port}`;
  return {
    name,
    label,
    url,
    database: name.replace('-', '_'),
    node: heap(64, 4),
    args: [`apps/${name}/dist/main.js`],
    env: {
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_URL: url,
      SESSION_SECRET: secret(`${name}-session`),
      COGNITO_CLIENT_ID: name,
      COGNITO_CLIENT_SECRET: `${name}-local-secret`,
      COGNITO_ISSUER: loginServer.issuer,
      COGNITO_HOSTED_UI_URL: loginServer.url,
      COGNITO_SCOPES: 'openid email profile aws.cognito.signin.user.admin',
      DEMO_SEED: 'true',
    },
  };
}

export function services(): ServiceSpec[] {
  return [
    {
      name: 'login-server',
      label: 'login',
      url: loginServer.url,
      database: 'login_server',
      // The busiest process under load: more room, and a larger young generation spares it collections.
      node: heap(96, 8),
      args: ['apps/login-server/dist/main.js'],
      env: {
        NODE_ENV: 'production',
        LOGIN_SERVER_PORT: String(loginServer.port),
        LOGIN_SERVER_BASE_URL: loginServer.url,
      },
    },
    product('product-a', 'A', 8000),
    product('product-b', 'B', 8001),
  ];
}
