/**
 * Where the stack under test answers. The defaults are the local stack's (and the kind cluster's,
 * which maps the same ports to localhost); the Kubernetes Job sets them explicitly.
 */
export const stack = {
  productA: process.env.PRODUCT_A_URL ?? 'http://localhost:8000',
  productB: process.env.PRODUCT_B_URL ?? 'http://localhost:8001',
  loginServer: process.env.LOGIN_SERVER_URL ?? 'http://localhost:9229',
  /**
   * Where results go (test-results, playwright-report, screenshots): the e2e folder, or E2E_OUTPUT
   * (the Job's mounted report folder: a mount point itself cannot be replaced, its subfolders can).
   */
  output: process.env.E2E_OUTPUT ?? new URL('..', import.meta.url).pathname,
  /** Real Cognito sends real email: there, flows that need the local mailbox are skipped. */
  hasMailbox: process.env.E2E_MAILBOX !== 'off',
};

/** The demo users the local stack seeds (apps/login-server/config/local-pool.yaml, prisma/*\/seed.ts). */
export const users = {
  password: process.env.E2E_PASSWORD ?? 'Passw0rd!',
  /** Legacy admin in product A only. */
  alice: 'alice@example.com',
  /** Legacy pro customer in product B only. */
  bob: 'bob@example.com',
  /** Legacy in product A, email not verified at the login service. */
  carol: 'carol@example.com',
  /** Legacy member of A and free customer of B. */
  dana: 'dana@example.com',
  /** In neither product yet. */
  demo: 'demo@example.com',
};
