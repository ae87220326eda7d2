import { meanCount } from '../elasticity/count-scale'
import type { Panel } from '../elasticity/panel'
import type { RestoredModel } from '../elasticity/restore'
import type { CatalogItem } from './catalog'
import type { DemandFn } from './optimize'

/** Rows per model call: big enough to amortize, small enough that the event loop gets a turn between calls. */
const CHUNK = 8_192

/**
 * A saved model's demand curve for catalog items: each item keeps the conditions
 * of its latest row (season, age, controls) and only the price changes. An item
 * made of several rows of its latest period (a brand across stores) sums their
 * predictions, all at the item's one price. `pause` lets the host yield between
 * chunks (setImmediate on the main process).
 */
export function modelDemand(
  panel: Panel,
  model: RestoredModel,
  items: CatalogItem[],
  pause: () => Promise<void> = async () => {}
): DemandFn {
  const rowsOf = items.map((it) => it.rows ?? [it.row])
  return async (idx, prices) => {
    // Expand each (item, price) into its rows; `owner` maps a row back to its request.
    let total = 0
    for (let k = 0; k < idx.length; k++) total += rowsOf[idx[k]].length
    const rows = new Uint32Array(total)
    const rowPrices = new Float64Array(total)
    const owner = new Int32Array(total)
    let at = 0
    for (let k = 0; k < idx.length; k++)
      for (const r of rowsOf[idx[k]]) {
        rows[at] = r
        rowPrices[at] = prices[k]
        owner[at++] = k
      }
    const out = new Float64Array(idx.length)
    for (let start = 0; start < total; start += CHUNK) {
      const end = Math.min(total, start + CHUNK)
      const pred = model.predict(panel, rows.subarray(start, end), { prices: rowPrices.subarray(start, end) })
      for (let k = start; k < end; k++) out[owner[k]] += meanCount(pred[k - start])
      if (end < total) await pause()
    }
    return out
  }
}
