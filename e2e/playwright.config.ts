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
    : {
        command: 'npm start',
        cwd: '..',
        url: `${stack.productB}/ready`,
        env: {
          SSO_DATA_DIR: path.join(tmpdir(), `sso-e2e-${process.pid}`),
          SESSION_CHECK_SECONDS: String(stack.sessionCheckSeconds),
        },
        reuseExistingServer: !process.env.CI,
        timeout: 180_000,
        stdout: 'ignore',
        stderr: 'pipe',
        gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
      },
});
