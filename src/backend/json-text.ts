import { joinedPieces, jsonPieces } from '../core/util/json-pieces'

/**
 * `JSON.stringify(value)`'s text in runs of about `size` characters (json-pieces.ts): for the shells' writers
 * of documents that can be tens of megabytes (the CLI's `--json` of a 100k-item optimize).
 */
export function jsonTextPieces(value: unknown, size: number): Generator<string, void, void> {
  return joinedPieces(jsonPieces(value), size)
}
