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

/** The training pool's worker script, by name (workerScript). */
export const TRAINING_WORKER = 'training.worker'

/** A training worker's options: its heap limit, so that a model that exhausts it fails alone. */
export function trainingWorkerOptions(memoryMb = 4096): WorkerOptions {
  return { resourceLimits: { maxOldGenerationSizeMb: memoryMb } }
}

/**
 * What a worker started ahead will do first, told it as its `workerData`: a training worker whose first work is
 * pricing (the CLI's optimize reads the digest on it at once) skips its warm-up, which would otherwise hold
 * that read back by ~0.4 s (training.worker.ts).
 */
export type FirstWork = 'pricing' | 'training'

/** The first work a worker was started for (its workerData), or null when it was not told. */
export function firstWorkOf(data: unknown): FirstWork | null {
  const w =
    typeof data === 'object' && data !== null ? (data as { firstWork?: unknown }).firstWork : undefined
  return w === 'pricing' || w === 'training' ? w : null
}

/** Workers started ahead of the code that will use them, by script, with the options they were started with. */
const early = new Map<string, { worker: Worker; options: string }>()

/**
 * Starts a worker for `file` now, for the first `takeEarly` of that script: the CLI starts a training worker
 * before it loads its commands, so that the worker's own start-up (~0.4 s of loading) overlaps the CLI's
 * instead of following it. Unreferenced: a worker nobody takes never keeps the process alive.
 */
export function startEarly(file: string, options: WorkerOptions, firstWork?: FirstWork): Worker {
  const had = early.get(file)
  if (had) return had.worker
  // Told its first work beside the options the taker compares: the taker's own spawns are not told any.
  const worker = startWorker(file, firstWork ? { ...options, workerData: { firstWork } } : options)
  worker.unref()
  early.set(file, { worker, options: JSON.stringify(options) })
  return worker
}

/** The worker started ahead for `file` with these same options, once; undefined when there is none. */
export function takeEarly(file: string, options: WorkerOptions): Worker | undefined {
  const e = early.get(file)
  if (!e) return undefined
  early.delete(file)
  if (e.options === JSON.stringify(options)) return e.worker
  // Started for other options than the taker's: of no use to it.
  void e.worker.terminate()
  return undefined
}
