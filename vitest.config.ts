import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'apps/*/test/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'prisma/test/**/*.test.ts',
      'deploy/*/test/**/*.test.ts',
      'scripts/*/test/**/*.test.ts',
    ],
    // One PostgreSQL for the run, with migrated templates that each test copies (@sso/testing).
    globalSetup: ['./vitest.global-setup.ts'],
    // Integration tests start real servers and hash real passwords: give them room on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
