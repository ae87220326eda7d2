import type { PriceUnit } from '../../shared/pricing'

export { describeUnit, type PriceUnit } from '../../shared/pricing'

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
 * A dataset's currency: prices with cents make a 2-decimal currency (or more
 * where the data has more, e.g. prices per ounce); whole prices a 0-decimal one.
 */
export function inferCurrency(prices: ArrayLike<number>): PriceUnit {
  const d = observedDecimals(prices)
  return currency(d === 0 ? 0 : Math.max(2, d))
}

/** The unit's smallest price step (0.01 for cents, 1 for whole units). */
export function unitStep(u: PriceUnit): number {
  return 10 ** -u.decimals
}

/** A price written with the unit's decimals and name: "2.51 currency", "34 tokens". */
export function formatAmount(x: number, u: PriceUnit, decimals = u.decimals): string {
  return `${x.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })} ${u.label}`
}
