import path from 'node:path';

/**
 * Where results go (test-results, playwright-report, screenshots): the e2e folder, or E2E_OUTPUT
 * (the Job's mounted report folder: a mount point itself cannot be replaced, its subfolders can).
 */
const output = process.env.E2E_OUTPUT ?? new URL('..', import.meta.url).pathname;

/**
 * What the suite runs against. `local` (the default) is the local login server: `npm start`, or the
 * kind cluster's local overlay. `cognito` is a real user pool (the aws profile): no mailbox to read
 * emailed codes from, no demo users, one test user that Pulumi made (its Secret `e2e-target` sets
 * these variables in the Job). Tests that need what only the local pool has are skipped there,
 * with the reason in the report.
 */
const target = process.env.E2E_TARGET === 'cognito' ? 'cognito' : 'local';
/** A stack running elsewhere (the kind cluster's Job, or one started by hand), not started by the suite. */
const external = process.env.E2E_EXTERNAL_STACK === '1';

/**
 * Where the stack under test answers. The defaults are the local stack's, which the kind cluster's
 * Job also sees (its sidecar forwards these local ports to the Services).
 */
export const stack = {
  target,
  productA: process.env.PRODUCT_A_URL ?? 'http://localhost:8000',
  productB: process.env.PRODUCT_B_URL ?? 'http://localhost:8001',
  /** The login service: the local login server, or the pool's hosted UI domain. */
  loginServer: process.env.LOGIN_SERVER_URL ?? 'http://localhost:9229',
  output,
  /** What the stack the suite starts prints (`npm start`'s output: every service's log, a line each). */
  log: path.join(output, 'test-results', 'stack.log'),
  /** Signing up needs the emailed code: the local login server shows it on its mailbox page. */
  hasMailbox: target === 'local',
  /** The local pool's demo users with their seeded product accounts (roles, plans, legacy rows). */
  hasDemoUsers: target === 'local',
  /**
   * How often the products re-check a session with the login service (their SESSION_CHECK_SECONDS):
   * the stack started here is given a short one so that a sign-out elsewhere shows in seconds.
   */
  sessionCheckSeconds: Number(process.env.SESSION_CHECK_SECONDS ?? (external ? 60 : 3)),
  /**
   * The products' back channel to the login server (COGNITO_BACKCHANNEL_URL) in the stack the suite
   * starts: a fault proxy (packages/testing/src/fault-proxy-process.ts) that a test can make drop
   * every connection through its control endpoint. Browsers still reach the login server directly.
   * None when the stack runs elsewhere: the suite has no hand in its network there.
   */
  backChannel:
    target === 'local' && !external ? { url: 'http://127.0.0.1:9230', control: 'http://127.0.0.1:9231' } : undefined,
  /**
   * Product A's user migration trigger (Erin): wired in `npm start`'s pool file only; the kind
   * overlay's login server has no product A build to load it from (docs/decisions/0015).
   */
  hasUserMigration: target === 'local' && !external,
};

const required = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`E2E_TARGET=cognito needs ${name} (the Secret e2e-target that Pulumi makes)`);
  return value;
};

/** The demo users the local stack seeds (apps/login-server/config/local-pool.yaml, prisma/*\/seed.ts). */
export const users = {
  password: target === 'cognito' ? required('E2E_PASSWORD') : 'Passw0rd!',
  /** Legacy admin in product A only. */
  alice: 'alice@example.com',
  /** Legacy pro customer in product B only. */
  bob: 'bob@example.com',
  /** Legacy in product A, email not verified at the login service. */
  carol: 'carol@example.com',
  /** Legacy member of A and free customer of B. */
  dana: 'dana@example.com',
  /** Legacy member of A, in the login service's admins group (so an admin of A through it). */
  frank: 'frank@example.com',
  /** In neither product yet. */
  demo: 'demo@example.com',
  /** Legacy in product A only, with product A's own password and no login-service account until she signs in. */
  erin: 'erin@example.com',
  erinLegacyPassword: 'Legacy-Passw0rd!',
};

/**
 * A person with a verified email, for tests about the protocol rather than about whose data it is:
 * Dana locally, the test user on a real pool.
 */
export const anyone =
  target === 'cognito'
    ? { email: required('E2E_USER_EMAIL'), name: required('E2E_USER_NAME') }
    : { email: users.dana, name: 'Dana Diaz' };
