// Issue 33 (s11-cold): the digest's read of every row ran on one thread. A reader worker with a connection of its
// own now reads every other chunk of a large table: the digest must be the same bits, and a reader that
// fails must cost nothing but time (the table is read again on one thread).
import { beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { obtainDigest } from '../../src/backend/pricing/digest-source'
import { digestReadInParallel } from '../../src/backend/pricing/digest-helper'
import type { ParallelRead } from '../../src/core/pricing/digest-stream'
import { tempDir } from '../helpers'
import { importSalesDataset } from './fixtures/sales-dataset'

let path = ''
const whole = () => {
  throw new Error('not read whole')
}

/** The reader, counting the chunks it handed over and those left to this thread. */
function counted(
  read: ParallelRead | undefined,
  log: { chunks: number; here: number; started: number }
): ParallelRead {
  if (!read) throw new Error('one core: no reader')
  return {
    ...read,
    start(spec, ranges) {
      const h = read.start(spec, ranges)
      if (!h) return null
      log.started++
      // This thread claims nothing before the reader has sent its first chunk: on a loaded machine the reader
      // may get no core until this thread has claimed every chunk of a small table, and the test would then
      // show nothing of the reader (it failed so under load). Waiting on the chunk itself, not on time.
      let waited = false
      const afterReader = (k: number) => {
        const tick = new Int32Array(new SharedArrayBuffer(4))
        for (; !waited && !h.arrived(k);) Atomics.wait(tick, 0, 0, 1)
        waited = true
      }
      return {
        ...h,
        claim: (k) => {
          afterReader(k)
          const mine = h.claim(k)
          if (mine) log.here++
          return mine
        },
        claimNext: () => {
          afterReader(0)
          const j = h.claimNext()
          if (j >= 0) log.here++
          return j
        },
        next: (k) => {
          log.chunks++
          return h.next(k)
        }
      }
    }
  }
}

beforeAll(async () => {
  path = (await importSalesDataset(tempDir(), { items: 23, weeks: 40, seed: 11 })).db
}, 60_000)

describe('the pricing digest read on two threads', () => {
  it('the reader worker reads its chunks and the digest is the one a single read makes', () => {
    let fromReader = 0
    for (const controls of [undefined, ['family', 'week (trend)']]) {
      const one = obtainDigest(path, 'sales', controls, undefined, 'off', whole)
      for (const chunkRows of [1, 7, 100]) {
        const log = { chunks: 0, here: 0, started: 0 }
        const read = counted(digestReadInParallel(path, { minRows: 0, chunkRows }), log)
        const two = obtainDigest(path, 'sales', controls, undefined, 'off', whole, read)
        expect(two.source).toBe('stream')
        expect(two.digest, `chunks of ${chunkRows}`).toEqual(one.digest)
        expect(log.started).toBe(1)
        // Every chunk of the 920 rows read once, by one thread or the other.
        expect(log.chunks + log.here).toBe(Math.ceil(920 / chunkRows))
        fromReader += log.chunks
      }
    }
    expect(fromReader).toBeGreaterThan(0)
  }, 60_000)

  it('a reader that cannot start costs nothing but time: the table is read on one thread', () => {
    const one = obtainDigest(path, 'sales', undefined, undefined, 'off', whole)
    const log = { chunks: 0, here: 0, started: 0 }
    const broken = counted(
      digestReadInParallel(path, { minRows: 0, chunkRows: 50, workerFile: join(tempDir(), 'missing.js') }),
      log
    )
    const got = obtainDigest(path, 'sales', undefined, undefined, 'off', whole, broken)
    expect(got.digest).toEqual(one.digest)
    expect(log.started).toBe(1)
    expect(log.chunks).toBe(0)
  }, 60_000)
})
