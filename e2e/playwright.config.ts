import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { stack } from './support/stack.ts';

/** A system Chromium when there is one (Debian's package); elsewhere Playwright's own browser. */
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((file) => existsSync(file));

/**
 * Runs against the local stack, started here on a fresh data folder, unless the stack is already
 * running elsewhere (E2E_EXTERNAL_STACK=1: the kind cluster's Job, or a stack started by hand).
 */
const external = process.env.E2E_EXTERNAL_STACK === '1';
/** The products' back channel to the login server, in the suite's hands when it starts the stack (stack.ts). */
const { backChannel } = stack;

/** One shell word. */
const quoted = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

export default defineConfig({
  testDir: 'tests',
  outputDir: path.join(stack.output, 'test-results'),
  // One browser at a time: the stack is shared and the machine small; each test has its own context.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: path.join(stack.output, 'playwright-report'), open: 'never' }]],
  use: {
    ...devices['Desktop Chrome'],
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      ...(systemChromium ? { executablePath: systemChromium } : {}),
      // A closed network: no background calls home.
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: external
    ? undefined
    : [
        ...(backChannel ? [backChannelProxy(backChannel)] : []),
        {
          name: 'stack',
          // Its output (every service's log) goes to a file that tests may read and people keep.
          command: `mkdir -p ${quoted(path.dirname(stack.log))} && npm start > ${quoted(stack.log)}`,
          cwd: '..',
          url: `${stack.productB}/ready`,
          env: {
            SSO_DATA_DIR: path.join(tmpdir(), `sso-e2e-${process.pid}`),
            SESSION_CHECK_SECONDS: String(stack.sessionCheckSeconds),
            ...(backChannel ? { COGNITO_BACKCHANNEL_URL: backChannel.url } : {}),
          },
          reuseExistingServer: !process.env.CI,
          timeout: 180_000,
          stderr: 'pipe',
          gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
        },
      ],
});

/**
 * A fault proxy between the products' server side and the login server, started before the stack
 * (webServer entries start in order): tests take the login service away from the products through
 * its control endpoint. Browsers still reach the login server directly.
 */
function backChannelProxy(backChannel: { url: string; control: string }) {
  return {
    name: 'back channel',
    command: [
      'node --experimental-strip-types packages/testing/src/fault-proxy-process.ts',
      `--target ${stack.loginServer}`,
      `--port ${new URL(backChannel.url).port}`,
      `--control-port ${new URL(backChannel.control).port}`,
    ].join(' '),
    cwd: '..',
    url: `${backChannel.control}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  } as const;
}
