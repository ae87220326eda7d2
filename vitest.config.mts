import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
    // Backend workers start from one bundle per run instead of compiling their source under tsx each time.
    globalSetup: ['test/setup/worker-bundles.ts'],
    setupFiles: ['test/setup/prebuilt-workers.ts', 'test/setup/async-waits.ts']
  }
})
