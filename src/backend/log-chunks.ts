import { Worker } from 'node:worker_threads'
import { cpus } from 'node:os'
import type { ChunkResult, ChunkRunner } from '../core/data/import/aggregate/chunked-log'
import { startWorker, workerScript } from './worker-script'
import { ParquetDamagedError, type ParquetFooter } from '../core/data/import/parquet'

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
      // Per thread: the range it reads (-1: none) and, for Parquet, the row group it is decoding.
      const held = new Map<Worker, Held>()
      const idle: Worker[] = []
      // A thread runs at most `ahead` ranges past the oldest range still being read, so the
      // ranges waiting to be merged in order (and their memory) stay few.
      const ahead = 2 * count
      const oldest = () => Math.min(...[...held.values()].map((h) => (h.index < 0 ? Infinity : h.index)))
      const give = (w: Worker) => {
        const h = held.get(w) as Held
        h.index = -1
        Atomics.store(h.decoding, 0, 0)
        const n = plan.ranges.length
        if (next < n && next > oldest() + ahead) {
          idle.push(w)
          return
        }
        if (next >= n) {
          w.postMessage(null)
          if (--live === 0) stop()
        } else {
          h.index = next++
          w.postMessage(h.index)
        }
        // The oldest range may have moved on: the threads kept waiting are offered work again.
        for (const x of idle.splice(0)) give(x)
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
        // The Parquet row group this thread is decoding, plus one (0: none), written by the thread before it
        // decodes: shared memory, because a message saying so could arrive after the 'error' of a decoder abort.
        const decoding = new Int32Array(new SharedArrayBuffer(4))
        const w = startWorker(file, { workerData: { path, plan, decoding } })
        held.set(w, { index: -1, decoding })
        w.on('message', (m: { index: number; result?: ChunkResult }) => {
          if (m.result && settle(m.index, m.result)) give(w)
        })
        const failed = (reason: string) => {
          const h = held.get(w)
          // A thread that stops while decoding a Parquet row group met a damaged file (the decoder aborts).
          const group = h ? Atomics.load(h.decoding, 0) - 1 : -1
          if (h && h.index >= 0)
            settle(
              h.index,
              group < 0
                ? { ok: false, reason }
                : {
                    ok: false,
                    reason: `the decoder stopped (${reason})`,
                    damaged: { group, column: null }
                  }
            )
          stop()
        }
        w.on('error', (e: Error) => failed(e.message))
        w.on('exit', (code) => {
          if (!stopped && (held.get(w)?.index ?? -1) >= 0) failed(`the thread stopped (code ${code})`)
        })
        workers.push(w)
        give(w)
      }
    })
}

/** What a thread holds: the range it reads (-1: none) and the shared cell of the row group it is decoding. */
interface Held {
  index: number
  decoding: Int32Array
}

/**
 * Reads a Parquet file's footer (column names, rows per row group) on a worker thread: a
 * damaged file can make the decoder abort, which ends that thread, never the caller's. Rejects
 * with a ParquetDamagedError when the footer cannot be read.
 */
export function parquetFooterInWorker(path: string, o: LogChunkOptions = {}): () => Promise<ParquetFooter> {
  return () =>
    new Promise<ParquetFooter>((resolve, reject) => {
      const w = startWorker(o.workerFile ?? workerScript('log-chunk.worker'), {
        workerData: { path, plan: null }
      })
      let settled = false
      const end = (reason: string | null, footer?: ParquetFooter) => {
        if (settled) return
        settled = true
        void w.terminate()
        if (footer) resolve(footer)
        else reject(ParquetDamagedError.footer(reason ?? 'the reader stopped'))
      }
      w.on('message', (m: { footer?: ParquetFooter; error?: string }) => end(m.error ?? null, m.footer))
      w.on('error', (e: Error) => end(`the decoder stopped (${e.message})`))
      w.on('exit', (code) => end(`the reader stopped (code ${code})`))
    })
}
