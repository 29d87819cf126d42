import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'scratch/**'],
    // Real files, real SQLite: some tests read the 1,214-row Paris file several times.
    testTimeout: 60_000,
    pool: 'forks',
    // The tabs built once before the browser tests (tabs/e2e/*.test.ts) run in parallel.
    globalSetup: ['tabs/e2e/global-setup.ts'],
  },
});
