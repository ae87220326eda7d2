import { TOKENS, unitStep } from './units'
import type { PriceUnit, RoundingDirection, RoundingRule } from '../../shared/pricing'
import { tenTo } from '../../shared/format/numbers'

/**
 * Price rounding. A rule says which endings a price may have; a direction says
 * which way a price moves to reach one. Every rule fits a price unit:
 * - auto: the unit's default: to the cent for a currency with cents, whole tokens for tokens;
 * - none: no rounding beyond the unit's own precision (the cent for a 2-decimal currency);
 * - cent: to 0.01; whole: whole units;
 * - 99 / 95: charm endings x.99 / x.95; 49: x.49 or x.99 (half-unit charm, for low prices);
 * - 9: whole prices ending in 9 (…, 39, 49);
 * - step: multiples of a given step (0.05, 0.25), the analyst's override of the data's grid.
 * 'auto' follows the data's own grid where the unit carries one (prices on 0.05, charm endings).
 * The rule and direction lists are the contract's (src/shared/pricing.ts).
 */
export interface Rounding {
  rule: RoundingRule
  direction: RoundingDirection
  /** The step of rule 'step' (0.05, 0.25); ignored by the other rules. */
  step?: number | null
}

export const NO_ROUNDING: Rounding = { rule: 'none', direction: 'nearest' }

/**
 * The concrete rule 'auto' stands for in a unit: the data's own grid. Cents for a
 * cent currency, whole tokens for tokens, and the unit's own step where the data's
 * grid is finer than a cent (prices per ounce keep their precision).
 */
export function resolveRule(rule: RoundingRule, unit: PriceUnit = TOKENS): Exclude<RoundingRule, 'auto'> {
  if (rule !== 'auto') return rule
  if (unit.kind === 'currency' && unit.decimals > 2) return 'none'
  return unit.kind === 'currency' && unit.decimals === 2 ? 'cent' : 'whole'
}

/** Rules that need cents cannot apply to a unit without them; a step must sit on the unit's grid. The message names the unit. */
export function roundingProblem(rule: RoundingRule, unit: PriceUnit, step?: number | null): string | null {
  const r = resolveRule(rule, unit)
  if (unit.decimals < 2 && (r === 'cent' || r === '99' || r === '95' || r === '49'))
    return `rounding "${rule}" needs prices with cents, but this dataset's prices are whole ${unit.label} units`
  if (r === 'step') {
    if (!step) return 'rounding "step" needs a price step (e.g. 0.05)'
    const k = step / unitStep(unit)
    if (Math.abs(k - Math.round(k)) > 1e-6 || Math.round(k) < 1)
      return `a price step of ${step} is not a multiple of this dataset's smallest price step (${unitStep(unit)})`
  }
  return null
}

/** The allowed prices form a lattice: price = step·k + offset. */
export function lattice(
  rule: RoundingRule,
  unit: PriceUnit,
  step?: number | null
): { step: number; offset: number } {
  if (rule === 'auto' && unit.grid) return unit.grid
  switch (resolveRule(rule, unit)) {
    case 'step':
      return { step: step ?? unitStep(unit), offset: 0 }
    case 'none':
      return { step: unitStep(unit), offset: 0 }
    case 'cent':
      return { step: 0.01, offset: 0 }
    case 'whole':
      return { step: 1, offset: 0 }
    case '99':
      return { step: 1, offset: 0.99 }
    case '95':
      return { step: 1, offset: 0.95 }
    case '49':
      return { step: 0.5, offset: 0.49 }
    case '9':
      return { step: 10, offset: 9 }
  }
}

/** A price written with at most the unit's decimals (float noise removed). */
export function toUnit(x: number, unit: PriceUnit = TOKENS): number {
  const f = tenTo(unit.decimals)
  return Math.round(x * f) / f
}

export function roundPrice(price: number, r: Rounding, unit: PriceUnit = TOKENS): number {
  const { step, offset } = lattice(r.rule, unit, r.step)
  const k = (price - offset) / step
  // A tolerance so that a price already on the lattice (up to float noise) stays put.
  const kk =
    r.direction === 'up' ? Math.ceil(k - 1e-9) : r.direction === 'down' ? Math.floor(k + 1e-9) : Math.round(k)
  return toUnit(Math.max(0, kk) * step + offset, unit)
}

/**
 * The rounded price for `price` that stays inside [lo, hi]: the asked direction
 * first, then the other one; null when no allowed price lies in the interval.
 */
export function roundWithin(
  price: number,
  r: Rounding,
  lo: number,
  hi: number,
  unit: PriceUnit = TOKENS
): number | null {
  const first = roundPrice(price, r, unit)
  // The usual case first, with nothing allocated: the optimizer and the strategies round every item this way.
  if (first >= lo - 1e-9 && first <= hi + 1e-9) return first
  return otherWithin(price, r, lo, hi, unit)
}

/** roundWithin where the asked direction leaves the bounds: the nearest of the other candidates inside them. */
function otherWithin(price: number, r: Rounding, lo: number, hi: number, unit: PriceUnit): number | null {
  const inside = (x: number) => x >= lo - 1e-9 && x <= hi + 1e-9
  const up = roundPrice(price, { ...r, direction: 'up' }, unit)
  const down = roundPrice(price, { ...r, direction: 'down' }, unit)
  const options = [
    up,
    down,
    roundPrice(lo, { ...r, direction: 'up' }, unit),
    roundPrice(hi, { ...r, direction: 'down' }, unit)
  ]
  const ok = options.filter(inside)
  if (!ok.length) return null
  return ok.reduce((b, x) => (Math.abs(x - price) < Math.abs(b - price) ? x : b))
}

/**
 * A price inside [lo, hi] for sure, with at most the unit's decimals: the rule's
 * price where one fits, else the unit's finest price inside the bounds, else
 * `fallback` (today's price) when it lies inside. Null only when the bounds hold
 * no price of the unit at all (a margin floor above every other limit).
 */
export function roundInside(
  price: number,
  r: Rounding,
  lo: number,
  hi: number,
  unit: PriceUnit,
  fallback: number
): { price: number; rule: 'rule' | 'unit' | 'fallback' } | null {
  const byRule = roundWithin(price, r, lo, hi, unit)
  if (byRule !== null) return { price: byRule, rule: 'rule' }
  const byUnit = roundWithin(price, { rule: 'none', direction: r.direction }, lo, hi, unit)
  if (byUnit !== null) return { price: byUnit, rule: 'unit' }
  if (fallback >= lo - 1e-9 && fallback <= hi + 1e-9) return { price: fallback, rule: 'fallback' }
  return null
}

export function isRounded(
  price: number,
  rule: RoundingRule,
  unit: PriceUnit = TOKENS,
  stepOf?: number | null
): boolean {
  const { step, offset } = lattice(rule, unit, stepOf)
  const k = (price - offset) / step
  return Math.abs(k - Math.round(k)) < 1e-6
}

/** Decimals a price actually uses (0.5 → 1, 2.0346 → 4, at most 8). */
export function decimalsOf(x: number): number {
  for (let d = 0; d < 8; d++) if (Math.abs(x * 10 ** d - Math.round(x * 10 ** d)) < 1e-7) return d
  return 8
}
