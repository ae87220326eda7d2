import type { Interval } from '../../shared/pricing'
import type { PricingContext } from './run'

/** One item's forecast at an asked price: point and interval, per period of the data. */
export interface ItemForecast {
  quantity: number
  revenue: number
  quantityInterval: Interval | null
  revenueInterval: Interval | null
  elasticity: number | null
}

/** Forecasts demand of catalog items (by index) at asked prices; the others stay at today's prices. */
export type DemandForecaster = (idx: Int32Array, prices: Float64Array) => Promise<ItemForecast[]>

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x)

/**
 * Demand and revenue at asked prices on a pricing context's demand curve, the one the
 * optimizer priced with: the point comes from `ctx.demand` itself (the demand system, so
 * whatever it models, cross-price terms included once estimated, is in the answer); the
 * interval, as in the sheet's (interval.ts), spans that point and q₀·(p/p₀)^ε at both ends
 * of the item's 90% elasticity interval (its own where it has one, else its segment's).
 * Today's quantities q₀ are computed once here, so a forecast costs one demand call.
 */
export async function demandForecaster(ctx: PricingContext): Promise<DemandForecaster> {
  const items = ctx.catalog.items
  const p0 = Float64Array.from(items, (it) => it.current_price)
  const q0 = await ctx.demand(
    Int32Array.from(items, (_, i) => i),
    p0
  )
  const seg = (i: number) => ctx.elasticities.get(items[i].segment)
  const lo = Float64Array.from(items, (_, i) => ctx.itemRange?.low[i] ?? seg(i)?.ci_low ?? NaN)
  const hi = Float64Array.from(items, (_, i) => ctx.itemRange?.high[i] ?? seg(i)?.ci_high ?? NaN)
  const eps = Float64Array.from(items, (_, i) => ctx.itemRange?.elasticity[i] ?? seg(i)?.elasticity ?? NaN)
  return async (idx, prices) => {
    const q = await ctx.demand(idx, prices)
    const out: ItemForecast[] = new Array(idx.length)
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k]
      const p = prices[k]
      let qi: Interval | null = null
      if (finite(lo[i]) && finite(hi[i])) {
        const ratio = p / p0[i]
        const a = q0[i] * Math.pow(ratio, lo[i])
        const b = q0[i] * Math.pow(ratio, hi[i])
        qi = { low: Math.min(q[k], a, b), high: Math.max(q[k], a, b) }
      }
      out[k] = {
        quantity: q[k],
        revenue: q[k] * p,
        quantityInterval: qi,
        revenueInterval: qi && { low: qi.low * p, high: qi.high * p },
        elasticity: finite(eps[i]) ? eps[i] : null
      }
    }
    return out
  }
}
