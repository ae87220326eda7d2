import { encodeUtf8Into } from './text-file'
import { joinedParts, joinedPieces, jsonParts, jsonPieces, type Prewritten } from '../core/util/json-pieces'

export type { Prewritten } from '../core/util/json-pieces'

/**
 * `JSON.stringify(value)`'s text in runs of about `size` characters (json-pieces.ts): for the shells' writers
 * of documents that can be tens of megabytes (the CLI's `--json` of a 100k-item optimize).
 */
export function jsonTextPieces(value: unknown, size: number): Generator<string, void, void> {
  return joinedPieces(jsonPieces(value), size)
}

/** The same text, where the values `prewritten` knows come as their bytes. */
export function jsonTextParts(
  value: unknown,
  size: number,
  prewritten: Prewritten
): Generator<string | Uint8Array, void, void> {
  return joinedParts(jsonParts(value, prewritten), size)
}

/** Rows stringified natively at a time: ~1 MB of text for a price sheet's rows. */
const ROW_BLOCK = 1000
/** Bytes of the slabs the text is encoded into. */
const SLAB = 16 << 20

/**
 * `JSON.stringify(rows)`'s text as UTF-8 bytes, for an array of plain records (no toJSON, no replacer): the
 * native stringify of a block of rows at a time (one call for a thousand rows, not a walk per row) encoded
 * into large slabs (Buffer.from per piece cost 5× the encoding itself: an allocation and a pass to measure).
 * 96k price-sheet rows (~93 MB): ~0.4 s, against ~1 s walked row by row.
 */
export function* recordsJsonBytes(rows: readonly object[]): Generator<Buffer, void, void> {
  let slab = Buffer.allocUnsafe(0)
  let at = 0
  for (let i = 0; i < rows.length || i === 0; i += ROW_BLOCK) {
    // "[…]" for a block: its brackets become the array's own, or the comma between blocks, in the bytes
    // (slicing the text off them copied all 93 MB once more).
    const block = JSON.stringify(rows.slice(i, i + ROW_BLOCK))
    // At most 3 bytes a UTF-16 unit (a surrogate pair's 4 bytes are 2 units).
    if (at + 3 * block.length > slab.length) {
      slab = Buffer.allocUnsafe(Math.max(SLAB, 3 * block.length))
      at = 0
    }
    const from = at
    at += encodeUtf8Into(block, slab.subarray(at))
    if (i > 0) slab[from] = COMMA
    // Not the last block: its "]" is left out of the piece, and the next block is written over it.
    if (i + ROW_BLOCK < rows.length) at--
    yield slab.subarray(from, at)
  }
}

const COMMA = 0x2c
