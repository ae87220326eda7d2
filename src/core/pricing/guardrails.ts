import type { BoundRule, Guardrails } from '../../shared/pricing'
import { DomainError } from '../../shared/domain-error'

export interface ItemBounds {
  lo: number
  hi: number
  loRule: BoundRule | null
  hiRule: BoundRule | null
}

export interface BoundInput {
  id: string
  current_price: number
  observed_min: number
  observed_max: number
  reference_price: number
  cost: number | null
}

export class GuardrailError extends DomainError {
  constructor(message: string) {
    super('invalid_input', message)
    this.name = 'GuardrailError'
  }
}

/** Guardrails that cannot hold for any item, found before any work is done. */
export function checkGuardrails(g: Guardrails, items: BoundInput[]): void {
  const problems: string[] = []
  if (g.min_price !== null && g.max_price !== null && g.min_price > g.max_price)
    problems.push(`minimum price ${g.min_price} is above maximum price ${g.max_price}`)
  for (const [k, v] of [
    ['max_increase', g.max_increase],
    ['max_decrease', g.max_decrease],
    ['competitor_band', g.competitor_band],
    ['competitor_band_abs', g.competitor_band_abs],
    ['category_avg_change', g.category_avg_change]
  ] as const)
    if (v !== null && !(v >= 0)) problems.push(`${k} must be zero or more, got ${v}`)
  if (g.max_decrease !== null && g.max_decrease >= 1) problems.push('max_decrease must be below 100%')
  if (g.ladder && new Set(g.ladder.tiers).size !== g.ladder.tiers.length)
    problems.push('price ladder tiers repeat')
  // The catalog's ids only where items are locked: a set of 100k ids per call added up at catalog scale.
  const ids = g.locked.length ? new Set(items.map((i) => i.id)) : new Set<string>()
  const unknown = g.locked.filter((id) => !ids.has(id))
  if (unknown.length) problems.push(`locked items not in the catalog: ${listIds(unknown)}`)
  const locked = new Set(g.locked)
  const outside = (locked.size ? items : []).filter(
    (i) =>
      locked.has(i.id) &&
      ((g.min_price !== null && i.current_price < g.min_price) ||
        (g.max_price !== null && i.current_price > g.max_price))
  )
  if (outside.length)
    problems.push(
      `locked items priced outside [${g.min_price ?? '−'}, ${g.max_price ?? '−'}]: ${listIds(outside.map((i) => i.id))}`
    )
  if (problems.length) throw new GuardrailError(`guardrails cannot all hold: ${problems.join('; ')}`)
}

export function listIds(ids: string[], max = 10): string {
  const shown = ids.slice(0, max).join(', ')
  return ids.length > max ? `${shown} and ${ids.length - max} more` : shown
}

/**
 * The price interval one item may move in. Each limit narrows it; the rule that
 * set each end is kept. The margin floor comes last and wins even over the upper
 * bound, because selling below cost is never what a guardrail means.
 */
export function itemBounds(item: BoundInput, g: Guardrails, locked: boolean): ItemBounds {
  const p0 = item.current_price
  if (locked) return { lo: p0, hi: p0, loRule: 'locked', hiRule: 'locked' }
  // Narrowed in place: the optimizer asks for every item's bounds once per optimization (7 × 96k at 100k items),
  // and two closures a call were garbage.
  const b: ItemBounds = { lo: 0, hi: Infinity, loRule: null, hiRule: null }
  raise(b, g.min_price, 'min_price')
  lower(b, g.max_price, 'max_price')
  if (g.max_increase !== null) lower(b, p0 * (1 + g.max_increase), 'max_increase')
  if (g.max_decrease !== null) raise(b, p0 * (1 - g.max_decrease), 'max_decrease')
  if (g.competitor_band !== null) {
    raise(b, item.reference_price * (1 - g.competitor_band), 'competitor_band')
    lower(b, item.reference_price * (1 + g.competitor_band), 'competitor_band')
  }
  if (g.competitor_band_abs !== null) {
    raise(b, item.reference_price - g.competitor_band_abs, 'competitor_band')
    lower(b, item.reference_price + g.competitor_band_abs, 'competitor_band')
  }
  if (g.stay_in_observed) {
    raise(b, item.observed_min, 'observed_range')
    lower(b, item.observed_max, 'observed_range')
  }
  if (b.lo > b.hi) {
    // Limits that exclude each other for this item (e.g. a competitor band far from
    // today's price with a small maximum change): keep today's price within the hard
    // min/max and say so; the optimizer names these items.
    const p = Math.min(Math.max(p0, g.min_price ?? 0), g.max_price ?? Infinity)
    b.lo = p
    b.hi = p
    b.loRule = 'conflict'
    b.hiRule = 'conflict'
  }
  if (item.cost !== null && g.margin_floor !== null) {
    const floor = item.cost * (1 + g.margin_floor)
    if (floor > b.lo) {
      b.lo = floor
      b.loRule = 'margin_floor'
      if (b.hi < b.lo) {
        b.hi = b.lo
        b.hiRule = 'margin_floor'
      }
    }
  }
  if (!Number.isFinite(b.hi)) {
    // No upper limit at all: twice today's price keeps the search where a model can say something.
    b.hi = Math.max(b.lo, 2 * p0)
    b.hiRule = b.hiRule ?? 'max_increase'
  }
  return b
}

/** A lower limit: raises the bounds' low end where it is above it. */
function raise(b: ItemBounds, v: number | null, rule: BoundRule): void {
  if (v !== null && v > b.lo) {
    b.lo = v
    b.loRule = rule
  }
}

/** An upper limit: lowers the bounds' high end where it is below it. */
function lower(b: ItemBounds, v: number | null, rule: BoundRule): void {
  if (v !== null && v < b.hi) {
    b.hi = v
    b.hiRule = rule
  }
}
