import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // GPU tests compile shaders on llvmpipe: seconds, not milliseconds.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each test file in its own process (a Dawn crash takes down only that file).
    pool: 'forks',
    // At least two files at a time, even on two cores (vitest's default takes one there): most
    // files wait on child processes, browsers, Redis or shader compiles, so two overlap well.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
