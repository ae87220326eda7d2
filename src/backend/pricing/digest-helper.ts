import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads'
import { availableParallelism } from 'node:os'
import type { Db } from '../../core/db/port'
import { quoteIdent } from '../../core/db/port'
import { ChunkPacker, chunkBuffers, type PackedChunk, type ReadSpec } from '../../core/pricing/digest-chunks'
import {
  ChunkHelperError,
  datasetStamp,
  type ChunkHelper,
  type ParallelRead
} from '../../core/pricing/digest-stream'
import { workerScript } from '../worker-script'

/** Below this many rows the table is read by one thread: starting a second costs more than it saves. */
const MIN_ROWS = 400_000
/** Chunks the reader may be ahead of the digesting thread (each a few MB). */
const AHEAD = 4
/** With no chunk for this long, the reader is taken for dead and the table read again on one thread. */
const SILENCE_MS = 120_000

/** What the reader worker is started with. */
export interface ReaderData {
  dbPath: string
  spec: ReadSpec
  ranges: [number, number][]
  chunkRows: number
  port: MessagePort
  /** [messages posted, chunks digested, chunks claimed] (Int32): see POSTED, TAKEN, CLAIMED. */
  ctrl: SharedArrayBuffer
}

type ReaderMessage = { stamp: string } | { k: number; chunk: PackedChunk } | { error: string }

/** The shared counters: messages the reader posted, chunks digested (-1: stop), chunks claimed by either thread. */
const POSTED = 0
const TAKEN = 1
const CLAIMED = 2

/** The reader's side (in digest-reader.worker.ts): its stamp first, then each chunk it claims, in claim order. */
export function readChunks(data: ReaderData, open: () => Db): void {
  const ctrl = new Int32Array(data.ctrl)
  const post = (m: ReaderMessage, moved: ArrayBuffer[] = []) => {
    data.port.postMessage(m, moved)
    Atomics.add(ctrl, POSTED, 1)
    Atomics.notify(ctrl, POSTED)
  }
  let db: Db | null = null
  try {
    db = open()
    db.exec('BEGIN')
    post({ stamp: datasetStamp(db, data.spec.table) })
    const { cols, table } = data.spec
    const select = db.prepare(
      `SELECT ${cols.map(quoteIdent).join(', ')} FROM ${quoteIdent(table)} WHERE rowid >= ? AND rowid < ?`
    )
    const packer = new ChunkPacker(data.spec)
    for (;;) {
      // At most AHEAD chunks claimed beyond those digested; negative: the digesting thread wants no more.
      let taken = Atomics.load(ctrl, TAKEN)
      for (; taken >= 0 && Atomics.load(ctrl, CLAIMED) - taken >= AHEAD; taken = Atomics.load(ctrl, TAKEN))
        Atomics.wait(ctrl, TAKEN, taken)
      if (taken < 0) break
      const k = Atomics.add(ctrl, CLAIMED, 1)
      if (k >= data.ranges.length) break
      const chunk = packer.pack(select.raw(...data.ranges[k]), data.chunkRows + 1)
      post({ k, chunk }, chunkBuffers(chunk))
    }
    db.exec('ROLLBACK')
  } catch (e) {
    post({ error: (e as Error).message })
  } finally {
    db?.close()
    data.port.close()
  }
}

/**
 * The reader's script, loaded so that a script that fails to load still answers (an error message), rather
 * than leave the digesting thread waiting. Tests run the TypeScript source: tsx's require hook compiles it.
 */
function loader(file: string): string {
  const load = `${file.endsWith('.ts') ? "require('tsx/cjs');" : ''} require(${JSON.stringify(file)})`
  return `try { ${load} } catch (e) {
    const { workerData: d } = require('node:worker_threads')
    d.port.postMessage({ error: 'the second reader did not start: ' + (e && e.message) })
    const c = new Int32Array(d.ctrl)
    Atomics.add(c, 0, 1)
    Atomics.notify(c, 0)
  }`
}

/** Starts a reader worker, and waits on it synchronously (the digest is made in one synchronous pass). */
function startReader(dbPath: string, file: string, chunkRows: number) {
  return (spec: ReadSpec, ranges: [number, number][]): ChunkHelper | null => {
    const { port1, port2 } = new MessageChannel()
    const ctrlBuffer = new SharedArrayBuffer(12)
    const ctrl = new Int32Array(ctrlBuffer)
    const data: ReaderData = { dbPath, spec, ranges, chunkRows, port: port1, ctrl: ctrlBuffer }
    let worker: Worker
    try {
      worker = new Worker(loader(file), { eval: true, workerData: data, transferList: [port1] })
    } catch {
      // A reader that cannot start (no worker threads here): the table is read on one thread, the same digest.
      return null
    }
    // A reader left behind must never keep the process alive; it ends by itself once told to stop.
    worker.unref()
    let stashed: ReaderMessage | null = null
    const poll = (): ReaderMessage | null => {
      stashed ??= (receiveMessageOnPort(port2)?.message as ReaderMessage | undefined) ?? null
      return stashed
    }
    const receive = (): ReaderMessage => {
      let last = Date.now()
      for (;;) {
        const posted = Atomics.load(ctrl, POSTED)
        const m = poll()
        if (m) {
          stashed = null
          return m
        }
        if (Atomics.wait(ctrl, POSTED, posted, 1000) !== 'timed-out') last = Date.now()
        else if (Date.now() - last > SILENCE_MS)
          throw new ChunkHelperError('the second reader stopped answering')
      }
    }
    return {
      stamp() {
        const m = receive()
        return 'stamp' in m ? m.stamp : ''
      },
      claim(k) {
        return Atomics.compareExchange(ctrl, CLAIMED, k, k + 1) === k
      },
      claimNext() {
        const j = Atomics.add(ctrl, CLAIMED, 1)
        return j < ranges.length ? j : -1
      },
      arrived() {
        return poll() !== null
      },
      next(k) {
        const m = receive()
        if ('error' in m) throw new ChunkHelperError(m.error)
        if (!('chunk' in m) || m.k !== k) throw new ChunkHelperError(`the second reader sent no chunk ${k}`)
        return m.chunk
      },
      taken(k) {
        Atomics.store(ctrl, TAKEN, k + 1)
        Atomics.notify(ctrl, TAKEN)
      },
      close() {
        // Wakes the reader if it waits to be ahead no more than AHEAD chunks, and tells it to stop.
        Atomics.store(ctrl, TAKEN, -1)
        Atomics.notify(ctrl, TAKEN)
        port2.close()
      }
    }
  }
}

/**
 * Reading a large table's rows on two threads for its digest (digest-stream.ts inParallel): a reader worker
 * with its own read-only connection claims chunks ahead of the digesting thread, which reads those left to it
 * (the split follows the threads' speed); none on one core.
 */
export function digestReadInParallel(
  dbPath: string,
  opts: { minRows?: number; chunkRows?: number; workerFile?: string } = {}
): ParallelRead | undefined {
  if (availableParallelism() < 2) return undefined
  const chunkRows = opts.chunkRows ?? 65_536
  return {
    minRows: opts.minRows ?? MIN_ROWS,
    chunkRows,
    start: startReader(dbPath, opts.workerFile ?? workerScript('digest-reader.worker'), chunkRows)
  }
}
