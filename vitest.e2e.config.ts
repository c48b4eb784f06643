import { defineConfig } from 'vitest/config';

// End-to-end tests drive the built extension in a real Chromium; one file at a time, the machine has 2 cores.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
