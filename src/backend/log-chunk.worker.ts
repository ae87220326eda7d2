import { parentPort, threadId, workerData } from 'node:worker_threads'
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { readChunk, type ChunkPlan, type ChunkResult } from '../core/data/import/aggregate/chunked-log'
import { readParquetPart } from '../core/data/import/aggregate/parquet-parts'
import { ParquetDamagedError, ParquetLog, type RandomAccessFile } from '../core/data/import/parquet'

/**
 * A log-range worker: aggregates the ranges of one log it is sent (their indexes in the plan:
 * byte ranges of a CSV log, or row groups of a Parquet file), one at a time, reading the file
 * itself; each range's cells go back as typed arrays (moved, not copied), with this thread's
 * id. null: no more ranges.
 */
const { path, plan, decoding } = workerData as {
  path: string
  plan: ChunkPlan | null
  /** The row group being decoded, plus one, for the merging thread to read if this thread dies (log-chunks.ts). */
  decoding?: Int32Array
}
const fd = openSync(path, 'r')
const buffer = new Uint8Array(4 << 20)
const read = (start: number, end: number) => buffer.subarray(0, readSync(fd, buffer, 0, end - start, start))

/** The file by byte ranges for the Parquet reader (each read its own buffer: the reader keeps none). */
const randomAccess: RandomAccessFile = {
  byteLength: fstatSync(fd).size,
  read: async (start, end) => {
    const out = new Uint8Array(Math.max(0, Math.min(end, randomAccess.byteLength) - start))
    let at = 0
    while (at < out.length) {
      const n = readSync(fd, out, at, out.length - at, start + at)
      if (n === 0) break
      at += n
    }
    return out.subarray(0, at)
  }
}
/** The Parquet file, opened once (its footer parsed) for all the row groups this thread reads. */
let parquet: Promise<ParquetLog> | null = null

function transfers(r: ChunkResult): ArrayBuffer[] {
  if (!r.ok) return []
  const p = r.partial
  const arrays: ArrayBufferView[] = [
    p.cellItem,
    p.cellDay,
    p.cellSegs,
    p.net,
    p.sold,
    p.flagged,
    p.returnCount
  ]
  for (const m of [p.price, p.listPrice, p.cost])
    arrays.push(m.sum, m.weight, m.first, m.plain, m.seen, m.differs)
  return arrays.map((a) => a.buffer as ArrayBuffer)
}

async function range(plan: ChunkPlan, index: number): Promise<ChunkResult> {
  if (plan.format !== 'parquet') return readChunk(plan, index, read, buffer.length)
  parquet ??= ParquetLog.open(randomAccess)
  // Marked before each row group is decoded: if a damaged one stops the decoder (and this thread), the merging thread names it.
  return readParquetPart(plan, index, await parquet, (group) => {
    if (decoding) Atomics.store(decoding, 0, group + 1)
  })
}

/** No plan: this thread reads a Parquet file's footer (names, row groups) and ends. */
async function footer(): Promise<void> {
  try {
    const log = await ParquetLog.open(randomAccess)
    parentPort?.postMessage({ footer: { names: log.names, groupRows: log.groupRows } })
    log.free()
  } catch (e) {
    const reason = e instanceof ParquetDamagedError ? e.reason : e instanceof Error ? e.message : String(e)
    parentPort?.postMessage({ error: reason })
  } finally {
    closeSync(fd)
    parentPort?.close()
  }
}

if (!plan) void footer()

parentPort?.on('message', (index: number | null) => {
  if (!plan) return
  if (index === null) {
    void parquet?.then(
      (p) => p.free(),
      () => undefined
    )
    closeSync(fd)
    parentPort?.close()
    return
  }
  void range(plan, index).then(
    (result) =>
      parentPort?.postMessage(
        { index, result: result.ok ? { ...result, reader: threadId } : result },
        transfers(result)
      ),
    (e: unknown) =>
      parentPort?.postMessage({
        index,
        result: { ok: false, reason: e instanceof Error ? e.message : String(e) }
      })
  )
})
