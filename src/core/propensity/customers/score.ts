import { groupContributions, TOP_CONTRIBUTIONS } from '../train'
import { encodeRows, type Encoder } from './encode'
import type { CustomerTable } from './generate'

/** What scores encoded rows (row-major, one row per customer): a fitted classifier and its calibration. */
export interface Scorer {
  predict(X: Float64Array, n: number): Float64Array
}

/**
 * Customers encoded and scored this many at a time: the block's design (a few hundred kB) is reused and stays
 * in cache, where a design of every customer (27 MB for 100,000 × 34) would be allocated, zeroed by the
 * system page by page and collected for each scoring. Every customer's score depends on its own row only, so
 * blocks give the scores of the whole table at once.
 */
export const SCORE_BLOCK = 4096

/** Calls fn with each block of the table's rows encoded: (design, rows in it, first row). */
function eachBlock(
  encoder: Encoder,
  table: CustomerTable,
  n: number,
  fn: (X: Float64Array, m: number, r0: number) => void
): void {
  const F = encoder.names.length
  const rows = new Int32Array(SCORE_BLOCK)
  const X = new Float64Array(SCORE_BLOCK * F)
  for (let r0 = 0; r0 < n; r0 += SCORE_BLOCK) {
    const m = Math.min(SCORE_BLOCK, n - r0)
    for (let k = 0; k < m; k++) rows[k] = r0 + k
    const Xb = X.subarray(0, m * F)
    encodeRows(encoder, table, rows.subarray(0, m), Xb)
    fn(Xb, m, r0)
  }
}

/** Every customer of the table (all its rows) scored: encoded from the raw cells, predicted, calibrated. */
export function scoreCustomers(encoder: Encoder, table: CustomerTable, scorer: Scorer): Float64Array {
  const n = table.columns[0]?.values.length ?? 0
  const score = new Float64Array(n)
  eachBlock(encoder, table, n, (X, m, r0) => score.set(scorer.predict(X, m), r0))
  return score
}

/**
 * Per customer, the TOP_CONTRIBUTIONS column groups that move its score most and by how much (each group set
 * to a typical customer's values), block by block; `score` is scoreCustomers' result.
 */
export function customerReasons(
  encoder: Encoder,
  table: CustomerTable,
  scorer: Scorer,
  score: Float64Array
): { feature: Int16Array; delta: Float32Array } {
  const n = score.length
  const F = encoder.names.length
  const K = TOP_CONTRIBUTIONS
  const feature = new Int16Array(n * K)
  const delta = new Float32Array(n * K)
  eachBlock(encoder, table, n, (X, m, r0) => {
    const part = groupContributions(scorer, X, score.subarray(r0, r0 + m), m, F, encoder.groups)
    feature.set(part.feature, r0 * K)
    delta.set(part.delta, r0 * K)
  })
  return { feature, delta }
}
