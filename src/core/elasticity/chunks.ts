import type { Panel } from './panel'
import type { Variation } from './design'

/** Rows a prediction encodes at once. */
export const PREDICT_CHUNK = 1 << 16

/**
 * Predicts in blocks of rows: the design a model encodes for its rows is then at most
 * PREDICT_CHUNK rows (a GAM's 32 columns for 1M rows were 256 MB per call, and elasticities
 * make several calls). Every row's prediction is its own, so the result is the same.
 */
export function inChunks(
  predict: (pn: Panel, r: Uint32Array, v?: Variation) => Float64Array
): (pn: Panel, r: Uint32Array, v?: Variation) => Float64Array {
  return (pn, r, v) => {
    if (r.length <= PREDICT_CHUNK) return predict(pn, r, v)
    const out = new Float64Array(r.length)
    for (let s = 0; s < r.length; s += PREDICT_CHUNK) {
      const e = Math.min(r.length, s + PREDICT_CHUNK)
      // Prices given per row are aligned with the rows: they are cut the same way.
      const vs = v?.prices ? { ...v, prices: v.prices.subarray(s, e) } : v
      out.set(predict(pn, r.subarray(s, e), vs), s)
    }
    return out
  }
}
