import { existsSync } from 'node:fs'
import { Worker, type WorkerOptions } from 'node:worker_threads'
import { join } from 'node:path'

/** The built worker sits in out/main (this code may be bundled into out/main/chunks); tests use the source. */
export function workerScript(name: string): string {
  for (const dir of [__dirname, join(__dirname, '..')]) {
    const built = join(dir, `${name}.js`)
    if (existsSync(built)) return built
  }
  return join(__dirname, `${name}.ts`)
}

/**
 * A worker running `file`: the built script, or, in tests, the TypeScript source, which tsx's require hook
 * compiles inside the worker.
 */
export function startWorker(file: string, options: WorkerOptions = {}): Worker {
  return file.endsWith('.ts')
    ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)})`, { ...options, eval: true })
    : new Worker(file, options)
}
