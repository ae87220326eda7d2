import { createDeflateRaw } from 'node:zlib'
import { jsonTextParts, recordsJsonBytes } from '../json-text'
import { runBodyHeader, runBodyValue } from '../../core/pricing/run-body'
import type { PricingRun } from '../../shared/pricing'

/** Characters of JSON handed to the deflater at a time. */
const PIECE = 1 << 20

const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Rows whose JSON text a save kept as bytes, for the report that follows it (the CLI's `--json`). */
const keptRows = new WeakMap<object, Buffer[]>()

/**
 * The rows' JSON bytes kept by the save of their run (`packRunBody` with keepRows), once: the CLI's `--json`
 * writes them instead of serializing ~90 MB of rows again (100k items). Undefined when none were kept.
 */
export function takeSavedRowsJson(v: object): Buffer[] | undefined {
  const kept = keptRows.get(v)
  keptRows.delete(v)
  return kept
}

/**
 * The rows' JSON bytes (`recordsJsonBytes`), the event loop given back between blocks: made while the corner
 * curve runs on the training workers (handlers.ts), for `packRunBody`'s `rowsJson`.
 */
export async function rowsJsonBytes(rows: readonly object[]): Promise<Buffer[]> {
  const out: Buffer[] = []
  for (const b of recordsJsonBytes(rows)) {
    out.push(b)
    await turn()
  }
  return out
}

/**
 * A run's stored body (run-body.ts), made before the write transaction: this thread writes the JSON in pieces
 * of about a megabyte (never one 90 MB string, made two bytes a character by a single ε), and zlib deflates each
 * piece on libuv's thread pool while the next is written, the event loop given back between pieces. Level 1:
 * ~8× smaller at ~300 MB/s; the write transaction then inserts ~12 MB instead of ~90 MB at 100k items.
 * `keepRows` (the CLI, whose process ends after its report): the rows' bytes are kept for `takeSavedRowsJson`.
 * `rowsJson`: the rows' bytes made ahead (`rowsJsonBytes` of these same rows), written instead of made here.
 */
export async function packRunBody(
  run: PricingRun,
  o: { keepRows?: boolean; rowsJson?: readonly Buffer[] } = {}
): Promise<Buffer> {
  const z = createDeflateRaw({ level: 1 })
  const parts: Buffer[] = [Buffer.from(runBodyHeader())]
  z.on('data', (b: Buffer) => void parts.push(b))
  const done = new Promise<void>((resolve, reject) => {
    z.once('end', resolve)
    z.once('error', reject)
  })
  const rows: Buffer[] = []
  // The rows as bytes (the same text the walk would write for them): kept, or only deflated.
  function* rowBytes(): Generator<Buffer, void, void> {
    for (const b of o.rowsJson ?? recordsJsonBytes(run.rows)) {
      if (o.keepRows) rows.push(b)
      yield b
    }
  }
  try {
    const body = runBodyValue(run)
    for (const part of jsonTextParts(body, PIECE, (v) => (v === run.rows ? rowBytes() : undefined))) {
      // Past the stream's mark it buffers: the deflater keeps up with the writing, so nothing piles up.
      if (typeof part === 'string') z.write(part, 'utf8')
      else z.write(part)
      await turn()
    }
  } catch (e) {
    z.destroy()
    throw e
  }
  z.end()
  await done
  if (o.keepRows) keptRows.set(run.rows, rows)
  return Buffer.concat(parts)
}
