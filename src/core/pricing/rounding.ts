/**
 * Charm rounding. A rule says which endings a price may have; a direction says
 * which way a price moves to reach one. Prices are in tokens (two decimals at most).
 */
export type RoundingRule = 'none' | 'whole' | '99' | '95' | '9'
export type RoundingDirection = 'nearest' | 'up' | 'down'

export interface Rounding {
  rule: RoundingRule
  direction: RoundingDirection
}

export const NO_ROUNDING: Rounding = { rule: 'none', direction: 'nearest' }

/** The allowed prices form a lattice: price = step·k + offset. */
function lattice(rule: RoundingRule): { step: number; offset: number } {
  switch (rule) {
    case 'none':
      return { step: 0.01, offset: 0 }
    case 'whole':
      return { step: 1, offset: 0 }
    case '99':
      return { step: 1, offset: 0.99 }
    case '95':
      return { step: 1, offset: 0.95 }
    case '9':
      return { step: 10, offset: 9 }
  }
}

const cents = (x: number) => Math.round(x * 100) / 100

export function roundPrice(price: number, r: Rounding): number {
  const { step, offset } = lattice(r.rule)
  const k = (price - offset) / step
  // A tolerance so that a price already on the lattice (up to float noise) stays put.
  const kk =
    r.direction === 'up' ? Math.ceil(k - 1e-9) : r.direction === 'down' ? Math.floor(k + 1e-9) : Math.round(k)
  return cents(Math.max(0, kk) * step + offset)
}

/**
 * The rounded price for `price` that stays inside [lo, hi]: the asked direction
 * first, then the other one; null when no allowed price lies in the interval.
 */
export function roundWithin(price: number, r: Rounding, lo: number, hi: number): number | null {
  const inside = (x: number) => x >= lo - 1e-9 && x <= hi + 1e-9
  const first = roundPrice(price, r)
  if (inside(first)) return first
  const up = roundPrice(price, { ...r, direction: 'up' })
  const down = roundPrice(price, { ...r, direction: 'down' })
  const options = [
    up,
    down,
    roundPrice(lo, { ...r, direction: 'up' }),
    roundPrice(hi, { ...r, direction: 'down' })
  ]
  const ok = options.filter(inside)
  if (!ok.length) return null
  return ok.reduce((b, x) => (Math.abs(x - price) < Math.abs(b - price) ? x : b))
}

export function isRounded(price: number, rule: RoundingRule): boolean {
  const { step, offset } = lattice(rule)
  const k = (price - offset) / step
  return Math.abs(k - Math.round(k)) < 1e-6
}
