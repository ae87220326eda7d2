import { Worker } from 'node:worker_threads'
import { cpus } from 'node:os'
import { wrap, type Remote } from 'comlink'
import nodeEndpoint from 'comlink/dist/umd/node-adapter'
import { CancelledError } from '../core/data/csv/errors'
import { fromBody, isDomainErrorWire } from '../shared/domain-error'
import type { TrainingWorkerApi } from './training-api'
import { startWorker, takeEarly, TRAINING_WORKER, trainingWorkerOptions, workerScript } from './worker-script'

export interface PoolOptions {
  /** The worker script; defaults to the built training.worker.js (or the TypeScript source under tsx, for tests). */
  workerFile?: string
  size?: number
  /** Heap limit per worker: a model that exhausts it fails alone. */
  memoryMb?: number
  /** Wall-clock limit of a timed task (every task unless it is run with `{ timed: false }`). */
  timeoutMs?: number
}

export interface RunOptions {
  /**
   * false for the data steps around the models (loading the panel, the cross-price matrix): they are our
   * own bounded reads, cancellable, and on a loaded machine they may outlast a limit meant for a hung model.
   */
  timed?: boolean
}

export interface TaskHandle {
  /** 0..1, written by the worker. */
  progress: Float64Array
}

export class WorkerCrashError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'WorkerCrashError'
  }
}

interface PooledWorker<Api> {
  worker: Worker
  api: Remote<Api>
}

/**
 * Runs training tasks in worker threads, at most `size` at once (default: one per
 * core). Workers are reused between tasks; one whose task is cancelled, times out,
 * or crashes (an exception escaping, out of memory) is ended and replaced, so a
 * failure costs one task, never the app. The main thread only waits.
 */
export class TrainingPool<Api = TrainingWorkerApi> {
  private active = 0
  private readonly queue: (() => void)[] = []
  private readonly idle: PooledWorker<Api>[] = []
  readonly size: number

  constructor(private readonly opts: PoolOptions = {}) {
    this.size = Math.max(1, opts.size ?? cpus().length)
  }

  async run<T>(
    task: (api: Remote<Api>, h: TaskHandle) => Promise<T>,
    signal?: { aborted: boolean },
    onStart?: (h: TaskHandle) => void,
    options: RunOptions = {}
  ): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.queue.push(resolve))
    this.active++
    try {
      if (signal?.aborted) throw new CancelledError('training')
      return await this.runInWorker(task, signal, onStart, options.timed ?? true)
    } finally {
      this.active--
      this.queue.shift()?.()
    }
  }

  /**
   * Starts idle workers up to the pool's size ahead of any task. A fresh worker warms its tree learners at
   * start (src/core/ml/warm-up.ts): started while the analyst sets up a run, its first fit costs what a later
   * one does. Started ones wait unreferenced, so they never keep the process alive.
   */
  prestart(): void {
    for (let n = this.idle.length + this.active; n < this.size; n++) {
      const pw = this.spawn()
      pw.worker.unref()
      this.idle.push(pw)
    }
  }

  /** Workers waiting for a task (started ahead, or back from one). */
  get idleWorkers(): number {
    return this.idle.length
  }

  /** Ends the idle workers (running ones end with their task). */
  close(): void {
    for (const w of this.idle.splice(0)) void w.worker.terminate()
  }

  private spawn(): PooledWorker<Api> {
    const file = this.opts.workerFile ?? workerScript(TRAINING_WORKER)
    const options = trainingWorkerOptions(this.opts.memoryMb)
    // One started ahead (the CLI's, while it loaded its commands), else a new one.
    const worker = takeEarly(file, options) ?? startWorker(file, options)
    return { worker, api: wrap<Api>(nodeEndpoint(worker)) }
  }

  private runInWorker<T>(
    task: (api: Remote<Api>, h: TaskHandle) => Promise<T>,
    signal?: { aborted: boolean },
    onStart?: (h: TaskHandle) => void,
    timed = true
  ): Promise<T> {
    const pw = this.idle.pop() ?? this.spawn()
    pw.worker.ref()
    const handle: TaskHandle = { progress: new Float64Array(new SharedArrayBuffer(8)) }
    onStart?.(handle)
    return new Promise<T>((resolve, reject) => {
      let settled = false
      const finish = (healthy: boolean, fn: () => void) => {
        if (settled) return
        settled = true
        clearInterval(watch)
        if (timer) clearTimeout(timer)
        pw.worker.off('error', onError)
        pw.worker.off('exit', onExit)
        if (healthy) {
          // An idle worker must not keep the process alive.
          pw.worker.unref()
          this.idle.push(pw)
        } else void pw.worker.terminate()
        fn()
      }
      const onError = (e: Error & { code?: string }) =>
        finish(false, () =>
          reject(
            new WorkerCrashError(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'ran out of memory' : e.message)
          )
        )
      const onExit = (code: number) =>
        finish(false, () => reject(new WorkerCrashError(`the worker exited unexpectedly (code ${code})`)))
      pw.worker.on('error', onError)
      pw.worker.on('exit', onExit)
      const watch = setInterval(() => {
        if (signal?.aborted) finish(false, () => reject(new CancelledError('training')))
      }, 100)
      const timer =
        timed && this.opts.timeoutMs
          ? setTimeout(
              () =>
                finish(false, () =>
                  reject(new WorkerCrashError(`timed out after ${this.opts.timeoutMs} ms`))
                ),
              this.opts.timeoutMs
            )
          : null
      task(pw.api, handle).then(
        (v) => finish(true, () => resolve(v)),
        // An exception thrown by the task: the worker itself is fine and goes back to the pool.
        // A user error keeps its code and message; anything else is reported as a crash (internal).
        (e: unknown) =>
          finish(true, () =>
            reject(
              isDomainErrorWire(e)
                ? fromBody(e)
                : new WorkerCrashError(e instanceof Error ? e.message : String(e))
            )
          )
      )
    })
  }
}
