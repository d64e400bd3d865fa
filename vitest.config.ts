import { defineConfig } from 'vitest/config';

// e2e tests share one Docker engine: run test files one at a time there,
// unit tests stay parallel (vitest default) because they touch only temp dirs.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
