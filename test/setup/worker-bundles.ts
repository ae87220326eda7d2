import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build } from 'vite'
import type { TestProject } from 'vitest/node'

const BACKEND = resolve(__dirname, '../../src/backend')

/**
 * Every worker entry of src/backend (training, table reads, workbooks, transaction logs, the boosting
 * histogram helper, …): all of them, so a worker another bundled worker starts (the training worker's
 * histogram helper, found beside it by workerScript) is there too.
 */
export const WORKERS = readdirSync(BACKEND)
  .filter((f) => f.endsWith('.worker.ts'))
  .map((f) => f.slice(0, -'.ts'.length))

/**
 * Runs once per `vitest run`, before any test file: bundles the backend's worker entries from the current
 * source into a folder of this run (inside node_modules, so the bundles' external packages such as
 * better-sqlite3 resolve as in the app). The per-file set-up (`prebuilt-workers.ts`) starts these bundles
 * in place of the TypeScript source under tsx, which costs ~1.5 s of compiling per worker started.
 * Same source, same code: only the loading is done once per run instead of once per worker.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const root = resolve(__dirname, '../..')
  const parent = join(root, 'node_modules/.cache/pricelab-test-workers')
  mkdirSync(parent, { recursive: true })
  const outDir = mkdtempSync(join(parent, 'run-'))
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      ssr: true,
      outDir,
      emptyOutDir: false,
      minify: false,
      target: 'node20',
      rolldownOptions: {
        input: Object.fromEntries(WORKERS.map((w) => [w, join(BACKEND, `${w}.ts`)])),
        output: { format: 'cjs', entryFileNames: '[name].js' }
      }
    }
  })
  const built = readdirSync(outDir)
  for (const w of WORKERS)
    if (!built.includes(`${w}.js`)) throw new Error(`the test worker bundle ${w}.js was not written`)
  project.provide('workerBundles', { source: BACKEND, outDir })
  return () => rmSync(outDir, { recursive: true, force: true })
}

declare module 'vitest' {
  export interface ProvidedContext {
    workerBundles: { source: string; outDir: string }
  }
}
