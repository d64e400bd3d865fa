import { defineConfig } from 'vitest/config';

// One environment for the whole run: started before the first test file, taken down after the last.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.test.ts'],
    globalSetup: ['./global-setup.ts'],
    // Starting PostgreSQL takes a few seconds; the first run may also build or pull images.
    hookTimeout: 180_000,
  },
});
