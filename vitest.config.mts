import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**'],
    environment: 'node',
    // A bound for a test that hangs, not a speed check: heavy statistical tests on a loaded 2-core machine need minutes.
    testTimeout: 300_000,
    pool: 'forks',
    // Two files at a time on a 2-core machine (vitest's default is cores − 1 = one): a file spends much of its time
    // starting its fork, importing and waiting on worker threads, and the tests wait on events, not on time.
    maxWorkers: 2,
    // Backend workers start from one bundle per run instead of compiling their source under tsx each time.
    globalSetup: ['test/setup/worker-bundles.ts'],
    setupFiles: ['test/setup/prebuilt-workers.ts', 'test/setup/async-waits.ts']
  }
})
