import { groupBy } from '../util/group'
import type { Catalog } from './catalog'
import { crossFactorRange, linkCount, type DemandSystem } from './demand-system'
import type { SegmentElasticity } from './recommend'
import { elasticityInterval } from './interval'
import type { ScenarioChange, ScenarioItem, ScenarioResult, ScenarioSpec } from '../../shared/pricing'
import { DomainError } from '../../shared/domain-error'

export const CURVE_CHANGES = [-30, -25, -20, -15, -10, -5, 0, 5, 10, 15, 20, 25, 30]

export class ScenarioError extends DomainError {
  constructor(message: string) {
    super('invalid_input', message)
    this.name = 'ScenarioError'
  }
}

/** Every change must name something that exists, so a typo is an error and not a silent no-op. */
export function checkChanges(catalog: Catalog, changes: ScenarioChange[]): void {
  const cats = new Set(catalog.items.map((i) => i.segment))
  const ids = new Set(catalog.items.map((i) => i.id))
  for (const c of changes) {
    if (c.change_pct <= -100)
      throw new ScenarioError(`a change of ${c.change_pct}% makes prices zero or negative`)
    if (c.scope === 'category' && !cats.has(c.key ?? ''))
      throw new ScenarioError(
        `no ${catalog.segmentName} named "${c.key}" (there are: ${[...cats].join(', ')})`
      )
    if (c.scope === 'item' && !ids.has(c.key ?? ''))
      throw new ScenarioError(`no item "${c.key}" in the catalog`)
  }
}

/** The new price of every item: item changes beat category changes, which beat "all". */
export function scenarioPrices(catalog: Catalog, changes: ScenarioChange[]): Float64Array {
  const all = changes.filter((c) => c.scope === 'all').at(-1)
  const byCat = new Map(changes.filter((c) => c.scope === 'category').map((c) => [c.key, c.change_pct]))
  const byItem = new Map(changes.filter((c) => c.scope === 'item').map((c) => [c.key, c.change_pct]))
  return Float64Array.from(catalog.items, (it) => {
    const pct = byItem.get(it.id) ?? byCat.get(it.segment) ?? all?.change_pct ?? 0
    return Math.round(it.current_price * (1 + pct / 100) * 100) / 100
  })
}

/**
 * Forecasts a scenario: the model's demand at the new prices, scaled by market
 * growth and by the competitor move through the cross elasticity; intervals from
 * the segment elasticity intervals, as for the optimizer.
 */
export async function forecastScenario(
  spec: ScenarioSpec,
  catalog: Catalog,
  prices: Float64Array,
  demand: DemandSystem,
  elasticities: Map<string, SegmentElasticity>,
  modelLabel: string
): Promise<ScenarioResult> {
  const items = catalog.items
  const idx = Int32Array.from(items, (_, i) => i)
  const q0 = await demand(
    idx,
    Float64Array.from(items, (it) => it.current_price)
  )
  const q1raw = await demand(idx, prices)
  const market =
    (1 + spec.market_growth_pct / 100) * Math.pow(1 + spec.competitor_move_pct / 100, spec.cross_elasticity)
  const p0 = Float64Array.from(items, (it) => it.current_price)
  const iv = elasticityInterval(
    items.map((it, i) => ({
      segment: it.segment,
      p0: it.current_price,
      p1: prices[i],
      q0: q0[i] * market,
      q1: q1raw[i] * market,
      ...(demand.links ? { cross: crossFactorRange(demand.links[i], prices, p0) } : {})
    })),
    elasticities
  )
  const rows: ScenarioItem[] = items.map((it, i) => {
    const q = q1raw[i] * market
    return {
      item_id: it.id,
      category: it.segment,
      current_price: it.current_price,
      price: prices[i],
      enrollments_before: q0[i],
      enrollments: q,
      revenue_before: q0[i] * it.current_price,
      revenue: q * prices[i],
      margin: it.cost === null ? null : (prices[i] - it.cost) * q
    }
  })
  const total = (f: (r: ScenarioItem) => number) => rows.reduce((s, r) => s + f(r), 0)
  const revenueBefore = total((r) => r.revenue_before)
  const revenue = total((r) => r.revenue)
  const byCat = groupBy(rows, (r) => r.category)
  const notes: string[] = []
  if (spec.competitor_move_pct !== 0)
    notes.push(
      `competitor prices ${spec.competitor_move_pct > 0 ? '+' : ''}${spec.competitor_move_pct}% with an assumed cross elasticity of ${spec.cross_elasticity}`
    )
  if (spec.market_growth_pct !== 0) notes.push(`market growth ${spec.market_growth_pct}%`)
  const links = linkCount(demand)
  if (links)
    notes.push(
      `cross-price effects: ${links} links between items move the other items' volumes (${crossMoved(q0, q1raw, prices, p0)} items moved without a price change of their own)`
    )
  else if (spec.ignore_cross) notes.push("cross-price effects ignored: other items' volumes do not move")
  if (spec.notes) notes.push(spec.notes)
  // The uniform-change curve: one batch for all changes.
  const n = items.length
  const cIdx = new Int32Array(n * CURVE_CHANGES.length)
  const cPrice = new Float64Array(n * CURVE_CHANGES.length)
  CURVE_CHANGES.forEach((c, k) =>
    items.forEach((it, i) => {
      cIdx[k * n + i] = i
      cPrice[k * n + i] = it.current_price * (1 + c / 100)
    })
  )
  // With cross terms, each change is one price vector (every item moved together), so the curve includes them.
  const cq = links ? await vectorBatches(demand, n, CURVE_CHANGES.length, cPrice) : await demand(cIdx, cPrice)
  const curve = CURVE_CHANGES.map((c, k) => {
    let q = 0
    let rev = 0
    for (let i = 0; i < n; i++) {
      q += cq[k * n + i] * market
      rev += cq[k * n + i] * market * cPrice[k * n + i]
    }
    return { change_pct: c, enrollments: q, revenue: rev }
  })
  return {
    name: spec.name,
    kind: spec.kind,
    model: modelLabel,
    avg_price_change_pct:
      (items.reduce((s, it, i) => s + prices[i] / it.current_price, 0) / Math.max(1, n) - 1) * 100,
    curve,
    totals: {
      enrollments: total((r) => r.enrollments),
      enrollments_before: total((r) => r.enrollments_before),
      revenue,
      revenue_before: revenueBefore,
      revenue_change_pct: revenueBefore > 0 ? (revenue / revenueBefore - 1) * 100 : 0,
      margin: rows.every((r) => r.margin !== null) ? total((r) => r.margin as number) : null,
      revenue_interval: iv?.revenue ?? null,
      enrollments_interval: iv?.enrollments ?? null
    },
    categories: [...byCat].map(([category, rs]) => {
      const before = rs.reduce((s, r) => s + r.revenue_before, 0)
      const after = rs.reduce((s, r) => s + r.revenue, 0)
      return {
        category,
        revenue_before: before,
        revenue: after,
        revenue_change: after - before,
        enrollments: rs.reduce((s, r) => s + r.enrollments, 0)
      }
    }),
    items: rows,
    notes
  }
}

/** Evaluates `count` price vectors of n items, one call each (a batch naming each item once is one vector). */
async function vectorBatches(
  demand: DemandSystem,
  n: number,
  count: number,
  prices: Float64Array
): Promise<Float64Array> {
  const out = new Float64Array(n * count)
  const idx = Int32Array.from({ length: n }, (_, i) => i)
  for (let k = 0; k < count; k++) out.set(await demand(idx, prices.subarray(k * n, (k + 1) * n)), k * n)
  return out
}

/** Items whose price does not change but whose quantity the others' changes move. */
function crossMoved(q0: Float64Array, q1: Float64Array, prices: Float64Array, p0: Float64Array): number {
  let moved = 0
  for (let i = 0; i < q0.length; i++)
    if (prices[i] === p0[i] && Math.abs(q1[i] - q0[i]) > 1e-9 * Math.max(1, q0[i])) moved++
  return moved
}
