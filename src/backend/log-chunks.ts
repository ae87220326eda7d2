import { Worker } from 'node:worker_threads'
import { cpus } from 'node:os'
import type { ChunkResult, ChunkRunner } from '../core/data/import/aggregate/chunked-log'
import { workerScript } from './training-pool'

export interface LogChunkOptions {
  /** Threads reading ranges at once (default: one per core). */
  workers?: number
  workerFile?: string
}

/**
 * A ChunkRunner on worker threads: each thread reads the file at `path` itself and aggregates
 * the ranges it is handed, one at a time, next range to whichever thread is free. A thread
 * that fails (an exception, out of memory) fails its range, so the log is then read whole by
 * one reader. A cancel (signal.aborted, checked every 100 ms) ends every thread.
 */
export function logChunksInWorkers(path: string, o: LogChunkOptions = {}): ChunkRunner {
  return (plan, onResult, signal) =>
    new Promise<void>((resolve) => {
      const count = Math.max(1, Math.min(plan.ranges.length, o.workers ?? cpus().length))
      const file = o.workerFile ?? workerScript('log-chunk.worker')
      const workers: Worker[] = []
      let next = 0
      let live = count
      let stopped = false
      const stop = () => {
        if (stopped) return
        stopped = true
        clearInterval(poll)
        for (const w of workers) void w.terminate()
        resolve()
      }
      const poll = setInterval(() => {
        if (signal?.aborted) stop()
      }, 100)
      const give = (w: Worker, held: { index: number }) => {
        if (next < plan.ranges.length) {
          held.index = next++
          w.postMessage(held.index)
        } else {
          held.index = -1
          w.postMessage(null)
          if (--live === 0) stop()
        }
      }
      const settle = (index: number, result: ChunkResult) => {
        if (stopped) return false
        if (!onResult(index, result)) {
          stop()
          return false
        }
        return true
      }
      for (let k = 0; k < count; k++) {
        const options = { workerData: { path, plan } }
        // Tests run the TypeScript source: tsx's require hook compiles it inside the worker.
        const w = file.endsWith('.ts')
          ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)})`, { ...options, eval: true })
          : new Worker(file, options)
        const held = { index: -1 }
        w.on('message', (m: { index: number; result: ChunkResult }) => {
          if (settle(m.index, m.result)) give(w, held)
        })
        w.on('error', (e: Error) => {
          if (held.index >= 0) settle(held.index, { ok: false, reason: e.message })
          stop()
        })
        workers.push(w)
        give(w, held)
      }
    })
}
