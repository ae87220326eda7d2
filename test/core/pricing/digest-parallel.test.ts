// Issue 33 (s11-cold): the digest's read of every row ran on one thread (better-sqlite3 hands rows to JavaScript
// at ~1 µs each). Part of the table can now be read by a helper thread: the digest must be the same bits.
import { describe, expect, it } from 'vitest'
import { newDb } from '../../helpers'
import type { Db } from '../../../src/core/db/port'
import { quoteIdent } from '../../../src/core/db/port'
import { drawTable, importTable } from './drawn-tables'
import { pricingRows } from '../../../src/core/pricing/digest'
import {
  datasetStamp,
  streamDigest,
  type ChunkHelper,
  type ParallelRead
} from '../../../src/core/pricing/digest-stream'
import { ChunkPacker, type PackedChunk, type ReadSpec } from '../../../src/core/pricing/digest-chunks'
import type { ItemBy } from '../../../src/core/pricing/catalog'
import { Rng } from '../../../src/core/util/rng'

/**
 * A helper in this thread, on the same connection: what the worker does, in order, without the thread. It has
 * "claimed" the chunks a seeded draw gives it (as a faster or slower reader would), and reads them when asked.
 */
function inThread(
  db: Db,
  chunkRows: number,
  log: { started: number; chunks: number },
  seed = 1
): ParallelRead {
  return {
    minRows: 0,
    chunkRows,
    start(spec: ReadSpec, ranges: [number, number][]): ChunkHelper {
      log.started++
      const rng = new Rng(seed)
      const packer = new ChunkPacker(spec)
      const select = db.prepare(
        `SELECT ${spec.cols.map(quoteIdent).join(', ')} FROM ${quoteIdent(spec.table)} WHERE rowid >= ? AND rowid < ?`
      )
      // The first chunk nobody claimed; a chunk reaches the helper first with probability 0.4.
      let claimed = 0
      return {
        stamp: () => datasetStamp(db, spec.table),
        claim(k: number) {
          if (claimed > k) return false
          claimed = k + 1
          return rng.next() >= 0.4
        },
        claimNext: () => (claimed < ranges.length ? claimed++ : -1),
        arrived: () => rng.next() < 0.5,
        next(k: number): PackedChunk {
          log.chunks++
          return packer.pack(select.raw(...ranges[k]), chunkRows + 1)
        },
        taken() {},
        close() {}
      }
    }
  }
}

describe('the streamed digest read on two threads', () => {
  it('is the same digest, bit for bit, as one read, whatever the chunk edges', async () => {
    const db = newDb()
    const log = { started: 0, chunks: 0 }
    for (let seed = 1; seed <= 30; seed++) {
      const d = drawTable(seed)
      const name = `t${seed}`
      await importTable(db, name, d)
      for (const [itemBy, controls] of [
        ['item', undefined],
        ['segment', undefined],
        ['item', ['store']]
      ] as [ItemBy, string[] | undefined][]) {
        const rows = pricingRows(db, name, itemBy)
        const one = streamDigest(db, name, rows, controls)
        for (const size of [1, 3, 17, 200]) {
          const label = `seed ${seed}, ${String(itemBy)}, ${controls?.join('+') ?? 'all'}, chunks of ${size}`
          const split = inThread(db, size, log, seed * 10 + size)
          expect(streamDigest(db, name, rows, controls, split), label).toEqual(one)
        }
      }
    }
    expect(log.started).toBe(30 * 3 * 4)
    expect(log.chunks).toBeGreaterThan(3000)
  })

  it('reads alone when the helper sees another snapshot, the table is small, or has an index', async () => {
    const db = newDb()
    await importTable(db, 'a', drawTable(5))
    const rows = pricingRows(db, 'a', 'item')
    const one = streamDigest(db, 'a', rows)
    const log = { started: 0, chunks: 0 }
    const other: ParallelRead = {
      ...inThread(db, 5, log),
      start: (spec, ranges) => {
        const h = inThread(db, 5, log).start(spec, ranges) as ChunkHelper
        return { ...h, stamp: () => 'another' }
      }
    }
    expect(streamDigest(db, 'a', rows, undefined, other)).toEqual(one)
    expect(log.chunks).toBe(0)
    expect(streamDigest(db, 'a', rows, undefined, { ...inThread(db, 5, log), minRows: 1e9 })).toEqual(one)
    const table = (
      db.prepare<{ t: string }>(`SELECT table_name AS t FROM datasets WHERE name = 'a'`).get() as {
        t: string
      }
    ).t
    db.exec(`CREATE INDEX a_sku ON ${quoteIdent(table)} (sku)`)
    expect(streamDigest(db, 'a', rows, undefined, inThread(db, 5, log))).toEqual(one)
    expect(log.chunks).toBe(0)
  })
})
