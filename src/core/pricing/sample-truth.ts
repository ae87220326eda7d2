import type { Db } from '../db/port'
import { loadRetailTruth } from '../data/sample/retail/truth'
import { retailTrueDemand } from '../data/sample/retail/true-demand'
import type { Catalog } from './catalog'
import type { DemandSystem } from './demand-system'
import { linksFromCells } from './demand-system'
import { trueDemand } from './true-demand'

/**
 * The generated samples' TRUE demand for a catalog, to score a sheet: the EdTech
 * sample's courses, or the retail sample's store × brand items. Null for imported data.
 *
 * Retail demand has cross-price effects between brands of one store, so a batch
 * that holds many candidate prices of the same item cannot be one price vector.
 * Such batches (the optimizer's searches) move each item alone, the others at
 * today's prices: q_i(p) = q_i(today) · (p/p₀)^ε_i, exact since the truth is
 * log-linear in the own price. A batch with each item at most once (a whole sheet)
 * is evaluated as one vector, cross effects included.
 */
export function sampleTrueDemand(db: Db, catalog: Catalog): DemandSystem | null {
  const edtech = trueDemand(db, catalog.items)
  if (edtech) return edtech
  const retail = retailTrueDemand(db, catalog.dataset, catalog.items)
  const truth = retail ? loadRetailTruth(db) : null
  if (!retail || !truth) return null
  const items = catalog.items
  const eps = new Map(truth.items.map((t) => [t.id, t.elasticity]))
  const e = items.map((it) => eps.get(it.id) as number)
  const all = Int32Array.from(items, (_, i) => i)
  const p0 = Float64Array.from(items, (it) => it.current_price)
  let q0: Promise<Float64Array> | null = null
  const fn: DemandSystem = async (idx, prices) => {
    if (new Set(idx).size === idx.length) return retail(idx, prices)
    const base = await (q0 ??= retail(all, p0))
    return Float64Array.from(idx, (i, k) => base[i] * Math.pow(prices[k] / p0[i], e[i]))
  }
  // The true cross effects couple the items of a store: the true optimum is searched jointly.
  const store = new Map(truth.items.map((t) => [t.id, t.store]))
  fn.links = linksFromCells(
    items,
    (it) => store.get(it.id) ?? null,
    truth.cross.map((c) => ({
      on: truth.brands[c.brand].name,
      of: truth.brands[c.other].name,
      elasticity: c.elasticity,
      ci_low: c.elasticity,
      ci_high: c.elasticity
    }))
  )
  return fn
}
