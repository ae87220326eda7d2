import type { Db } from '../../../db/port'
import type { CatalogItem } from '../../../pricing/catalog'
import type { DemandFn } from '../../../pricing/optimize'
import { loadRetailTruth, retailExpectedDemand } from './truth'
import { RETAIL_DATASET } from './write'

/**
 * The retail sample's TRUE expected demand next week, as the optimizer's DemandFn
 * over catalog items (to score recommended prices against the true optimum). Items
 * not in a call keep their current price (cross effects see them there). Null when
 * the dataset is not the generated retail sample or an item has no truth.
 */
export function retailTrueDemand(db: Db, dataset: string, items: CatalogItem[]): DemandFn | null {
  if (dataset !== RETAIL_DATASET) return null
  const truth = loadRetailTruth(db)
  if (!truth) return null
  const index = new Map(truth.items.map((it, i) => [it.id, i]))
  const slots = items.map((it) => index.get(it.id))
  if (slots.some((s) => s === undefined)) return null
  const base = Float64Array.from(truth.items, (it) => it.currentPrice)
  for (let i = 0; i < items.length; i++) base[slots[i] as number] = items[i].current_price
  return async (idx, prices) => {
    const p = Float64Array.from(base)
    idx.forEach((i, k) => (p[slots[i] as number] = prices[k]))
    const q = retailExpectedDemand(truth, p)
    return Float64Array.from(idx, (i) => q[slots[i] as number])
  }
}
