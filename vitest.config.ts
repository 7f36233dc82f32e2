import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // GPU tests compile shaders on llvmpipe: seconds, not milliseconds.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each test file in its own process (a Dawn crash takes down only that file).
    pool: 'forks',
  },
});
