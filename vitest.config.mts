import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**'],
    environment: 'node',
    // A bound for a test that hangs, not a speed check: heavy statistical tests on a loaded 2-core machine need minutes.
    testTimeout: 300_000,
    pool: 'forks',
    // Backend workers start from one bundle per run instead of compiling their source under tsx each time.
    globalSetup: ['test/setup/worker-bundles.ts'],
    setupFiles: ['test/setup/prebuilt-workers.ts', 'test/setup/async-waits.ts']
  }
})
