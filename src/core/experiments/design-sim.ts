import { Rng } from '../util/rng'
import { RETAIL_BRANDS, RETAIL_CROSS, referencePrice } from '../data/sample/retail/brands'
import {
  STORE_WEEK_NOISE_SD,
  WEEK_NOISE_SD,
  noiseMeanFactor,
  retailLogDemand
} from '../data/sample/retail/demand-model'
import type { RetailWorld } from '../data/sample/retail/simulate'
import { varianceComponents, PRE_PERIODS, type UnitSet } from './units'

/**
 * A store × brand market with the retail sample's truth (item levels, own elasticities, the
 * cross-price effects within a store, store-week and item-week shocks), to simulate price tests
 * whose true effect is known. Prices are the items' shelf prices at the end of the data; a test
 * sets them, without promotions (a price test holds promotions back in both arms).
 */
export interface Market {
  stores: string[]
  brands: string[]
  items: { id: string; store: number; brand: number; logBase: number; elasticity: number; price: number }[]
  /** Per item: the items of its store whose price moves its demand, with the cross elasticity. */
  cross: { other: number; elasticity: number }[][]
  refs: number[]
  /** Week index (from the first week of data) of the first simulated week. */
  firstWeek: number
}

export function marketOf(world: RetailWorld): Market {
  const slot = new Map(world.items.map((it, i) => [`${it.store}|${it.brand}`, i]))
  const brandIndex = new Map(RETAIL_BRANDS.map((b, i) => [b.code, i]))
  return {
    stores: world.stores.map((s) => s.id),
    brands: RETAIL_BRANDS.map((b) => b.name),
    items: world.items.map((it) => ({
      id: it.id,
      store: it.store,
      brand: it.brand,
      logBase: it.logBase,
      elasticity: it.elasticity,
      price: it.regularCents / 100
    })),
    cross: world.items.map((it) =>
      RETAIL_CROSS.filter((c) => brandIndex.get(c.brand) === it.brand).flatMap((c) => {
        const other = slot.get(`${it.store}|${brandIndex.get(c.other)}`)
        return other === undefined ? [] : [{ other, elasticity: c.elasticity }]
      })
    ),
    refs: RETAIL_BRANDS.map(referencePrice),
    firstWeek: world.weeks
  }
}

/** log λ without shocks for every item in week `w` (counted from the first simulated week), at price multipliers `m`. */
function logDemand(mk: Market, m: Float64Array, w: number, out: Float64Array): void {
  mk.items.forEach((it, i) => {
    let crossTerm = 0
    for (const c of mk.cross[i])
      crossTerm +=
        c.elasticity * Math.log((mk.items[c.other].price * m[c.other]) / mk.refs[mk.items[c.other].brand])
    out[i] = retailLogDemand({
      logBase: it.logBase,
      elasticity: it.elasticity,
      price: it.price * m[i],
      refPrice: mk.refs[it.brand],
      crossTerm,
      feature: 0,
      display: 0,
      week: mk.firstWeek + w
    })
  })
}

/** TRUE expected revenue of every item in week w at price multipliers m (E[exp(shocks)] included). */
export function expectedRevenue(mk: Market, m: Float64Array, w: number): Float64Array {
  const eta = new Float64Array(mk.items.length)
  logDemand(mk, m, w, eta)
  const f = noiseMeanFactor()
  return Float64Array.from(mk.items, (it, i) => it.price * m[i] * Math.exp(eta[i]) * f)
}

/** One simulated week of revenue per item: Poisson units around λ with a store-week and an item-week shock. */
export function drawRevenue(mk: Market, m: Float64Array, w: number, rng: Rng, out: Float64Array): void {
  logDemand(mk, m, w, out)
  const storeShock = mk.stores.map(() => STORE_WEEK_NOISE_SD * rng.normal())
  mk.items.forEach((it, i) => {
    const units = rng.poisson(Math.exp(out[i] + storeShock[it.store] + WEEK_NOISE_SD * rng.normal()))
    out[i] = units * it.price * m[i]
  })
}

/**
 * The market's items as a plan sees them: their last `PRE_PERIODS` weeks of revenue at today's
 * prices (drawn with `rng`), segment = brand, cluster and group = store; what the planner sizes
 * the test from.
 */
export function marketUnits(mk: Market, rng: Rng): UnitSet {
  const n = mk.items.length
  const week = new Float64Array(n)
  const series: number[][] = mk.items.map(() => [])
  const ones = new Float64Array(n).fill(1)
  for (let w = -PRE_PERIODS; w < 0; w++) {
    drawRevenue(mk, ones, w, rng, week)
    week.forEach((y, i) => series[i].push(y))
  }
  const { means, between, within } = varianceComponents(series)
  const brand = mk.items.map((it) => mk.brands[it.brand])
  const store = mk.items.map((it) => mk.stores[it.store])
  return {
    kind: 'items',
    ids: mk.items.map((it) => it.id),
    strata: (s) => (s === 'category' ? brand : mk.items.map(() => 'all')),
    clusters: store,
    prices: mk.items.map((it) => it.price),
    covariates: [{ name: 'revenue_per_period', values: means }],
    revenue: means,
    series,
    converted: null,
    components: { between, within },
    arrivals_per_day: null,
    window_days: 7,
    as_of: String(mk.firstWeek),
    segment_column: 'brand',
    segments: brand,
    groups: store,
    unit_column: 'item',
    cluster_column: 'store',
    shared_column: 'store'
  }
}
