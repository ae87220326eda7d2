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
