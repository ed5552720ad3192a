import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'strategies/**/*.test.ts'], // strategies/: krakenbt new-strategy
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['test/setup/fast-check-seed.ts'],
  },
});
