import { vi } from 'vitest'

/**
 * Every test file: a worker the backend starts from a src/backend worker's TypeScript source (the
 * `require('tsx/cjs'); require("…/src/backend/<name>.worker.ts")` it evaluates under tests) starts from this
 * run's bundle of the same source instead (see worker-bundles.ts). Any other worker (the test fixtures'
 * faulty workers, a missing file) starts exactly as asked.
 */
vi.mock('node:worker_threads', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:worker_threads')>()
  const { inject } = await import('vitest')
  const { existsSync } = await import('node:fs')
  const { join } = await import('node:path')
  const { source, outDir } = inject('workerBundles')
  const underTsx = /^require\('tsx\/cjs'\); require\(("[^"]*")\)$/
  const bundleOf = (script: string | URL, options?: import('node:worker_threads').WorkerOptions) => {
    const m = typeof script === 'string' && options?.eval ? underTsx.exec(script) : null
    if (!m) return null
    const file = JSON.parse(m[1]) as string
    const name = /^(.*)[\\/]([\w-]+\.worker)\.ts$/.exec(file)
    if (!name || name[1] !== source) return null
    const bundle = join(outDir, `${name[2]}.js`)
    return existsSync(bundle) ? bundle : null
  }
  class Worker extends real.Worker {
    constructor(script: string | URL, options?: import('node:worker_threads').WorkerOptions) {
      const bundle = bundleOf(script, options)
      super(bundle ?? script, bundle ? { ...options, eval: false } : options)
    }
  }
  return { ...real, Worker, default: { ...real, Worker } }
})
