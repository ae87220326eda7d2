import { parentPort, workerData } from 'node:worker_threads'
import { closeSync, openSync, readSync } from 'node:fs'
import { readChunk, type ChunkPlan, type ChunkResult } from '../core/data/import/aggregate/chunked-log'

/**
 * A log-range worker: aggregates the ranges of one CSV log it is sent (their indexes in the
 * plan), one at a time, reading the file itself; each range's cells go back as typed arrays
 * (moved, not copied). null: no more ranges.
 */
const { path, plan } = workerData as { path: string; plan: ChunkPlan }
const fd = openSync(path, 'r')
const buffer = new Uint8Array(4 << 20)
const read = (start: number, end: number) => buffer.subarray(0, readSync(fd, buffer, 0, end - start, start))

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

parentPort?.on('message', (index: number | null) => {
  if (index === null) {
    closeSync(fd)
    parentPort?.close()
    return
  }
  void readChunk(plan, index, read, buffer.length).then(
    (result) => parentPort?.postMessage({ index, result }, transfers(result)),
    (e: unknown) =>
      parentPort?.postMessage({
        index,
        result: { ok: false, reason: e instanceof Error ? e.message : String(e) }
      })
  )
})
