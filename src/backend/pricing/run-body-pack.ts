import { createDeflateRaw } from 'node:zlib'
import { joinedPieces } from '../../core/util/json-pieces'
import { runBodyHeader, runBodyPieces } from '../../core/pricing/run-body'
import type { PricingRun } from '../../shared/pricing'

/** Characters of JSON handed to the deflater at a time. */
const PIECE = 1 << 20

const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * A run's stored body (run-body.ts), made before the write transaction: this thread writes the JSON in pieces
 * of about a megabyte (never one 90 MB string, made two bytes a character by a single ε), and zlib deflates each
 * piece on libuv's thread pool while the next is written, the event loop given back between pieces. Level 1:
 * ~8× smaller at ~300 MB/s; the write transaction then inserts ~12 MB instead of ~90 MB at 100k items.
 */
export async function packRunBody(run: PricingRun): Promise<Buffer> {
  const z = createDeflateRaw({ level: 1 })
  const parts: Buffer[] = [Buffer.from(runBodyHeader())]
  z.on('data', (b: Buffer) => void parts.push(b))
  const done = new Promise<void>((resolve, reject) => {
    z.once('end', resolve)
    z.once('error', reject)
  })
  try {
    for (const piece of joinedPieces(runBodyPieces(run), PIECE)) {
      // Past the stream's mark it buffers: the deflater keeps up with the writing, so nothing piles up.
      z.write(piece, 'utf8')
      await turn()
    }
  } catch (e) {
    z.destroy()
    throw e
  }
  z.end()
  await done
  return Buffer.concat(parts)
}
