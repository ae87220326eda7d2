import { constants as zlibConstants, createDeflateRaw, type DeflateRaw } from 'node:zlib'
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
 * A raw deflate stream (level 1: ~8× smaller at ~300 MB/s) on libuv's thread pool, its output collected.
 * `open`: ended with a sync flush instead of a final block, so that another stream's blocks may follow it in
 * the same body (raw deflate blocks chain: each stream's back-references stay inside its own bytes).
 */
function deflating(open: boolean): { z: DeflateRaw; done: Promise<Buffer[]> } {
  const z = createDeflateRaw({ level: 1, ...(open ? { finishFlush: zlibConstants.Z_SYNC_FLUSH } : {}) })
  const out: Buffer[] = []
  z.on('data', (b: Buffer) => void out.push(b))
  const done = new Promise<Buffer[]>((resolve, reject) => {
    z.once('end', () => resolve(out))
    z.once('error', reject)
  })
  return { z, done }
}

/** The rows' JSON made ahead of their run's save: the bytes (when kept), and their deflate (an open stream). */
export interface RowsAhead {
  bytes: Buffer[] | null
  deflated: Promise<Buffer[]>
}

/**
 * The rows' JSON bytes (`recordsJsonBytes`), deflated as they are written, the event loop given back between
 * blocks: made while the corner curve runs on the training workers (handlers.ts), for `packRunBody`'s
 * `rowsAhead`. The save then deflates only the run's few other fields instead of waiting ~0.4 s at 96k items.
 */
export async function rowsJsonAhead(rows: readonly object[], o: { keep?: boolean } = {}): Promise<RowsAhead> {
  const d = deflating(true)
  // Awaited by the save; a failure here must not go unhandled before then.
  d.done.catch(() => undefined)
  // Kept only for a report that writes them (the CLI's): in the app ~90 MB less held until the save.
  const bytes: Buffer[] | null = o.keep ? [] : null
  try {
    for (const b of recordsJsonBytes(rows)) {
      bytes?.push(b)
      d.z.write(b)
      await turn()
    }
  } catch (e) {
    d.z.destroy()
    throw e
  }
  d.z.end()
  return { bytes, deflated: d.done }
}

/** Where the rows made ahead go in the body's text: the walk yields this empty piece there. */
const ROWS_HERE = new Uint8Array(0)

/**
 * A run's stored body (run-body.ts), made before the write transaction: this thread writes the JSON in pieces
 * of about a megabyte (never one 90 MB string, made two bytes a character by a single ε), and zlib deflates each
 * piece on libuv's thread pool while the next is written, the event loop given back between pieces. Level 1:
 * ~8× smaller at ~300 MB/s; the write transaction then inserts ~12 MB instead of ~90 MB at 100k items.
 * `keepRows` (the CLI, whose process ends after its report): the rows' bytes are kept for `takeSavedRowsJson`.
 * `rowsAhead`: the rows' bytes and deflate made ahead (`rowsJsonAhead` of these same rows, kept for keepRows): the body is the
 * text before them deflated, their deflate, then the text after them (the same text, inflated).
 */
export async function packRunBody(
  run: PricingRun,
  o: { keepRows?: boolean; rowsAhead?: RowsAhead } = {}
): Promise<Buffer> {
  const ahead = o.rowsAhead
  const parts: Buffer[] = [Buffer.from(runBodyHeader())]
  let d = deflating(ahead !== undefined)
  // Small lists are written by the walk itself (one native stringify), never handed to `prewritten`.
  let rowsPlaced = false
  const rows: Buffer[] = []
  // The rows as bytes (the same text the walk would write for them): kept, or only deflated.
  function* rowBytes(): Generator<Buffer, void, void> {
    for (const b of recordsJsonBytes(run.rows)) {
      if (o.keepRows) rows.push(b)
      yield b
    }
  }
  try {
    const body = runBodyValue(run)
    const rowsPart = () => (ahead ? [ROWS_HERE] : rowBytes())
    for (const part of jsonTextParts(body, PIECE, (v) => (v === run.rows ? rowsPart() : undefined))) {
      if (part === ROWS_HERE && ahead) {
        // The text so far as an open stream, the rows' own, then a stream for the rest that ends the body.
        d.z.end()
        parts.push(...(await d.done), ...(await ahead.deflated))
        d = deflating(false)
        rowsPlaced = true
        continue
      }
      // Past the stream's mark it buffers: the deflater keeps up with the writing, so nothing piles up.
      if (typeof part === 'string') d.z.write(part, 'utf8')
      else d.z.write(part)
      await turn()
    }
  } catch (e) {
    d.z.destroy()
    throw e
  }
  d.z.end()
  parts.push(...(await d.done))
  if (ahead && !rowsPlaced) {
    // The walk wrote the rows (a small list): the stream it left open is ended by an empty final one.
    const end = deflating(false)
    end.z.end()
    parts.push(...(await end.done))
  }
  if (o.keepRows) {
    if (ahead && !ahead.bytes) throw new Error('the rows made ahead were not kept for the report')
    keptRows.set(run.rows, ahead?.bytes ?? rows)
  }
  return Buffer.concat(parts)
}
