import { DomainError } from '../../shared/domain-error'
import { meanCount } from './count-scale'
import type { Panel } from './panel'
import type { RestoredModel } from './restore'
import type { DemandPrediction } from '../../shared/elasticity/results'

export interface DemandQuery {
  item: string
  price: number
}

/** The last row of each item: its current conditions (season, age, controls) for what-if prices. */
export function latestRows(panel: Panel): Map<string, number> {
  const last = new Map<string, number>()
  for (let i = 0; i < panel.n; i++) last.set(panel.itemIds[panel.item[i]], i)
  return last
}

/** Demand at the asked prices, one batch through the model; unknown items and bad prices are errors. */
export function predictDemand(
  panel: Panel,
  model: RestoredModel,
  latest: Map<string, number>,
  queries: DemandQuery[]
): DemandPrediction[] {
  const rows = new Uint32Array(queries.length)
  queries.forEach((q, k) => {
    const row = latest.get(q.item)
    if (row === undefined) {
      const message = `unknown item "${q.item}"`
      throw new DomainError('not_found', message, [{ path: ['items', k, 'item'], message }])
    }
    if (!(q.price > 0)) {
      const message = `price for item "${q.item}" must be positive`
      throw new DomainError('invalid_input', message, [{ path: ['items', k, 'price'], message }])
    }
    rows[k] = row
  })
  const pred = model.predict(panel, rows, { prices: Float64Array.from(queries, (q) => q.price) })
  return queries.map((q, k) => {
    const quantity = meanCount(pred[k])
    return { item: q.item, price: q.price, quantity, revenue: quantity * q.price }
  })
}
