import { meanCount } from '../elasticity/count-scale'
import type { Panel } from '../elasticity/panel'
import type { RestoredModel } from '../elasticity/restore'
import type { CatalogItem } from './catalog'
import type { DemandFn } from './optimize'

/** Rows per model call: big enough to amortize, small enough that the event loop gets a turn between calls. */
const CHUNK = 8_192

/**
 * A saved model's demand curve for catalog items: each item keeps the conditions
 * of its latest row (season, age, controls) and only the price changes. `pause`
 * lets the host yield between chunks (setImmediate on the main process).
 */
export function modelDemand(
  panel: Panel,
  model: RestoredModel,
  items: CatalogItem[],
  pause: () => Promise<void> = async () => {}
): DemandFn {
  return async (idx, prices) => {
    const out = new Float64Array(idx.length)
    for (let start = 0; start < idx.length; start += CHUNK) {
      const end = Math.min(idx.length, start + CHUNK)
      const rows = new Uint32Array(end - start)
      for (let k = start; k < end; k++) rows[k - start] = items[idx[k]].row
      const pred = model.predict(panel, rows, { prices: prices.subarray(start, end) })
      for (let k = start; k < end; k++) out[k] = meanCount(pred[k - start])
      if (end < idx.length) await pause()
    }
    return out
  }
}
