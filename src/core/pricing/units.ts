import type { PriceUnit } from '../../shared/pricing'
import { medianPrice, observedValues, type ObservedPrices } from './observed-prices'
import { grouped } from '../../shared/format/numbers'

export const TOKENS: PriceUnit = { kind: 'tokens', decimals: 2, label: 'tokens', short: 'tk' }

export function currency(decimals: number): PriceUnit {
  return { kind: 'currency', decimals, label: 'currency', short: '' }
}

/** Most decimals any price uses (float noise ignored), at most 4: 2.51 → 2, 3 → 0, 0.125 → 3. */
export function observedDecimals(prices: ArrayLike<number>): number {
  let d = 0
  for (let i = 0; i < prices.length && d < 4; i++) {
    const p = prices[i]
    while (d < 4 && Math.abs(p * 10 ** d - Math.round(p * 10 ** d)) > 1e-6 * Math.max(1, p * 10 ** d)) d++
  }
  return d
}

/**
 * The largest price step, as a share of the median price, that the data's own grid may
 * have: rounding to the nearest step then moves a price by at most 0.25%, which costs at
 * most 0.5% of the objective even at a guardrail with |1 + ε| ≤ 2 (and second-order
 * little at an interior optimum).
 */
export const MAX_STEP_SHARE = 0.005

/**
 * A dataset's currency, on the data's own price grid: prices with cents make a
 * 2-decimal currency, whole prices a 0-decimal one. Prices with more decimals are
 * either per-unit prices (0.0325 per ounce: a cent is a quarter of the price), which
 * keep their precision, or averages of cent-priced sales (revenue ÷ units: 2.3471),
 * which round to cents: the coarsest step among the cent and the observed decimals
 * that is at most MAX_STEP_SHARE of the median price.
 */
export function inferCurrency(prices: ObservedPrices): PriceUnit {
  // The decimals any one price needs: the distinct prices say as much as every row.
  const d = observedDecimals(observedValues(prices))
  if (d <= 2) return currency(d === 0 ? 0 : 2)
  const median = medianPrice(prices)
  for (let k = 2; k < d; k++) if (10 ** -k <= MAX_STEP_SHARE * median) return currency(k)
  return currency(d)
}

/** The unit's smallest price step (0.01 for cents, 1 for whole units). */
export function unitStep(u: PriceUnit): number {
  return 10 ** -u.decimals
}

/** A price written with the unit's decimals and name: "2.51 currency", "34 tokens". */
export function formatAmount(x: number, u: PriceUnit, decimals = u.decimals): string {
  return `${grouped(x, decimals)} ${u.label}`
}
