import { groupBy } from '../util/group'
import type { CatalogItem } from './catalog'
import { listIds, type ItemBounds } from './guardrails'
import type { Guardrails, Binding, PriceUnit } from '../../shared/pricing'
import type { DemandFn, OptimizeOptions } from './optimize'
import { roundInside, roundPrice, roundWithin, toUnit, type Rounding } from './rounding'
import { TOKENS, unitStep } from './units'
import { counted } from '../../shared/format/numbers'
import { indices } from '../util/typed'

/**
 * Do no harm checks a move at both ends of the elasticity's 90% interval widened
 * by this factor (2 ≈ a 99.9% normal interval). The 90% interval alone let 2 of
 * 560 retail items (seed 1; per-item intervals cover 86%) truly lose against
 * today; items near the break-even elasticity (−1 for revenue) gain little from a
 * move, so keeping them costs little of the optimum.
 */
const HARM_WIDEN = 2

/** Rules that may force an item below its own best (and below today): the price is then labelled with them. */
const PORTFOLIO_RULES: Binding[] = ['ladder', 'category_average', 'volume_floor']

/**
 * What happens to the optimum's prices before they are written: rounding inside
 * each item's bounds, the price ladder, then the do-no-harm check. These steps
 * keep the optimum's promises: no price leaves its bounds or has more decimals
 * than the unit; locked, conflicting and "keep today's price" items are never
 * moved; an item whose final price predicts less than today's goes back to
 * today's price unless a portfolio rule forced it there (it keeps that label);
 * the binding rule recorded is the one that binds on the final price.
 */
export async function postSteps(
  items: CatalogItem[],
  bounds: ItemBounds[],
  P: Float64Array,
  K: number,
  choice: Int32Array,
  flagged: Uint8Array,
  why: Binding[],
  p0: Float64Array,
  q0: Float64Array,
  demand: DemandFn,
  value: (i: number, p: number, q: number) => number,
  opt: OptimizeOptions,
  warnings: string[]
): Promise<{ final: Float64Array; why: Binding[]; q1: Float64Array }> {
  const g = opt.guardrails
  const unit = opt.unit ?? TOKENS
  const n = items.length
  const final = new Float64Array(n)
  const keep = new Uint8Array(n)
  const out: Binding[] = [...why]
  const unitOnly: string[] = []
  const aboveHi: string[] = []
  const inside = (i: number, p: number) => p >= bounds[i].lo - 1e-9 && p <= bounds[i].hi + 1e-9
  for (let i = 0; i < n; i++) {
    const b = bounds[i]
    const raw = P[i * K + choice[i]]
    if (
      b.loRule === 'locked' ||
      (flagged[i] && inside(i, p0[i])) ||
      (b.loRule === 'conflict' && inside(i, p0[i]))
    ) {
      keep[i] = 1
      final[i] = p0[i]
      out[i] = b.loRule === 'locked' || b.loRule === 'conflict' ? b.loRule : 'positive_elasticity'
      continue
    }
    const r = roundInside(raw, g.rounding, b.lo, b.hi, unit, p0[i])
    if (r) {
      final[i] = r.price
      if (r.rule === 'unit') unitOnly.push(items[i].id)
    } else {
      // Only a margin floor above every other limit leaves no price of the unit inside: it wins, rounded up.
      final[i] = roundPrice(b.lo, { rule: 'none', direction: 'up' }, unit)
      aboveHi.push(items[i].id)
    }
    if (b.loRule === 'conflict') {
      keep[i] = 1
      out[i] = 'conflict'
    }
  }
  if (unitOnly.length)
    warnings.push(
      `no ${g.rounding.rule} price fits inside the bounds of ${listIds(unitOnly)}; their prices are rounded to the ${unit.decimals >= 2 ? 'cent' : 'whole unit'} instead`
    )
  if (aboveHi.length)
    warnings.push(`the margin floor of ${listIds(aboveHi)} is rounded up to the next ${unit.label} step`)
  applyLadder(items, bounds, final, out, keep, g, unit, warnings)

  // The binding rule of the final price: a bound binds only where the optimum sat on
  // it and rounding left the price at the nearest allowed price on the same side of today's.
  const roundDown: Rounding = { ...g.rounding, direction: 'down' }
  const roundUp: Rounding = { ...g.rounding, direction: 'up' }
  for (let i = 0; i < n; i++) {
    if (keep[i] || out[i] !== null) continue
    const b = bounds[i]
    const raw = P[i * K + choice[i]]
    // The optimum moved, but the nearest allowed price is today's, or rounding gives up more than a
    // quarter of the move (a cent on a 0.03 price): rounding, not a bound, holds it.
    const move = Math.abs(raw - p0[i])
    if (move > 1e-9 * Math.max(1, p0[i]) && (final[i] === p0[i] || Math.abs(final[i] - raw) > 0.25 * move)) {
      out[i] = 'rounding'
      continue
    }
    const atLo = Math.abs(raw - b.lo) <= 1e-9 * Math.max(1, b.lo)
    const atHi = Math.abs(raw - b.hi) <= 1e-9 * Math.max(1, b.hi)
    if (!atLo && !atHi) continue
    const down = roundPrice(final[i] - unitStep(unit) / 2, roundDown, unit)
    const up = roundPrice(final[i] + unitStep(unit) / 2, roundUp, unit)
    if (atLo)
      out[i] = down < b.lo - 1e-9 && (final[i] <= p0[i] + 1e-9 || p0[i] < b.lo) ? b.loRule : 'rounding'
    else out[i] = up > b.hi + 1e-9 && (final[i] >= p0[i] - 1e-9 || p0[i] > b.hi) ? b.hiRule : 'rounding'
  }

  // Do no harm, under the demand that made the prices (and across the elasticity interval where given).
  const range = opt.elasticityRange
  /** The lowest of the value on the curve (`q` at `p`) and the values at the interval's ends (a NaN wins, as in Math.min). */
  const worstAt = (i: number, p: number, q: number): number => {
    let worst = value(i, p, q)
    if (!range || !Number.isFinite(range.low[i]) || !Number.isFinite(range.high[i])) return worst
    const mid = (range.low[i] + range.high[i]) / 2
    const half = ((range.high[i] - range.low[i]) / 2) * HARM_WIDEN
    worst = worstEnd(worst, value, i, p, q0[i], p0[i], mid - half)
    worst = worstEnd(worst, value, i, p, q0[i], p0[i], mid + half)
    // The item's own interval too, where its segment's elasticity priced it: a store whose
    // own estimate reaches past break-even keeps today's price even when its brand's does not.
    if (range.itemLow && Number.isFinite(range.itemLow[i])) {
      worst = worstEnd(worst, value, i, p, q0[i], p0[i], range.itemLow[i])
      worst = worstEnd(worst, value, i, p, q0[i], p0[i], range.itemHigh?.[i] ?? NaN)
    }
    return worst
  }
  const all = indices(n)
  const q1 = await demand(all, final)
  const harmed: string[] = []
  const loses: number[] = []
  for (let i = 0; i < n; i++) {
    if (keep[i]) continue
    const v0 = value(i, p0[i], q0[i])
    const worst = worstAt(i, final[i], q1[i])
    if (!(worst < v0 - 1e-9 * Math.max(1, Math.abs(v0)))) continue
    if (PORTFOLIO_RULES.includes(out[i])) continue
    if (inside(i, p0[i])) loses.push(i)
    else {
      // Today's price breaks a guardrail: the guardrail forces the move and is named.
      out[i] = p0[i] < bounds[i].lo ? bounds[i].loRule : bounds[i].hiRule
    }
  }
  // Per item, a shorter step the same way where one gains at every end of the interval: do no harm
  // then holds an item back, not the whole portfolio at today's prices (issue 25).
  const partial = await saferSteps(loses, final, p0, q0, bounds, demand, value, worstAt, g.rounding, unit)
  for (const i of loses) {
    const step = partial.get(i)
    final[i] = step ? step.price : p0[i]
    q1[i] = step ? step.q : q0[i]
    out[i] = 'no_harm'
    if (!step) harmed.push(items[i].id)
  }
  if (harmed.length)
    warnings.push(
      `${counted(harmed.length, 'item')} ${harmed.length === 1 ? 'keeps' : 'keep'} today's price because ${harmed.length === 1 ? 'its' : 'their'} price after rounding predicts less ${opt.objective} than today's${range ? ' (by the model or at an end of the elasticity interval)' : ''}: ${listIds(harmed)}`
    )
  for (let i = 0; i < n; i++) final[i] = keep[i] ? final[i] : toUnitKeeping(final[i], p0[i], unit)
  // The sheet's quantities are the demand system's at the final price vector: with cross terms an item held
  // back above moves its sister items' volumes too, and the workbook and scenarios recompute exactly this.
  return { final, why: out, q1: await demand(all, final) }
}

/**
 * The worst of `worst` and the value at price p on q₀·(p/p₀)^e, an end of the elasticity's interval (a NaN end
 * is skipped; a NaN value wins, as in Math.min). A function, not a closure per item: do no harm asks this of
 * every item of every optimization.
 */
function worstEnd(
  worst: number,
  value: (i: number, p: number, q: number) => number,
  i: number,
  p: number,
  q0: number,
  p0: number,
  e: number
): number {
  return Number.isFinite(e) ? Math.min(worst, value(i, p, q0 * Math.pow(p / p0, e))) : worst
}

/** Fractions of the move from today's price tried when the full move may lose. */
const STEP_FRACTIONS = [0.8, 0.6, 0.45, 0.3, 0.2, 0.1, 0.05]

/**
 * For each item whose move may lose, the shorter step toward its optimum (on the
 * rounding grid, inside its bounds) whose worst value over the demand curve and the
 * interval's ends is highest, where that beats today's; absent: no step is safe.
 */
async function saferSteps(
  loses: number[],
  final: Float64Array,
  p0: Float64Array,
  q0: Float64Array,
  bounds: ItemBounds[],
  demand: DemandFn,
  value: (i: number, p: number, q: number) => number,
  worstAt: (i: number, p: number, q: number) => number,
  rounding: Rounding,
  unit: PriceUnit
): Promise<Map<number, { price: number; q: number }>> {
  const idx: number[] = []
  const prices: number[] = []
  for (const i of loses) {
    // Each item's steps are contiguous: a repeated price is looked for among its own (searching every item's
    // steps made this quadratic in the catalog, seconds at 10k items).
    const from = prices.length
    for (const t of STEP_FRACTIONS) {
      const p = roundWithin(p0[i] + t * (final[i] - p0[i]), rounding, bounds[i].lo, bounds[i].hi, unit)
      if (p === null || p === p0[i] || prices.indexOf(p, from) >= 0) continue
      idx.push(i)
      prices.push(p)
    }
  }
  const out = new Map<number, { price: number; q: number; worst: number }>()
  if (!idx.length) return out
  const q = await demand(Int32Array.from(idx), Float64Array.from(prices))
  idx.forEach((i, k) => {
    const v0 = value(i, p0[i], q0[i])
    const worst = worstAt(i, prices[k], q[k])
    const best = out.get(i)
    if (worst > v0 + 1e-9 * Math.max(1, Math.abs(v0)) && (!best || worst > best.worst))
      out.set(i, { price: prices[k], q: q[k], worst })
  })
  return out
}

/** Today's price stays exactly as it is (it may carry more decimals than the inferred unit); others take the unit's. */
function toUnitKeeping(x: number, today: number, unit: PriceUnit): number {
  return x === today ? x : toUnit(x, unit)
}

/**
 * Price ladders: within one product line, each tier costs at least the previous
 * tier's highest price plus the gap. A price is only ever raised to meet the
 * ladder, never beyond its own upper bound (that conflict is reported), never off
 * the rounding rule or the unit, and items that keep today's price never move.
 */
function applyLadder(
  items: CatalogItem[],
  bounds: ItemBounds[],
  price: Float64Array,
  why: Binding[],
  keep: Uint8Array,
  g: Guardrails,
  unit: PriceUnit,
  warnings: string[]
): void {
  if (!g.ladder) return
  const { tiers, min_gap } = g.ladder
  const rank = new Map(tiers.map((t, k) => [t, k]))
  const lines = groupBy(
    [...items.keys()].filter((i) => items[i].line !== null && rank.has(items[i].tier as string)),
    (i) => items[i].line as string
  )
  const broken: string[] = []
  const up: Rounding = { ...g.rounding, direction: 'up' }
  for (const members of lines.values()) {
    members.sort(
      (a, b) => (rank.get(items[a].tier as string) as number) - (rank.get(items[b].tier as string) as number)
    )
    let floor = 0
    let tier = -1
    let tierMax = 0
    for (const i of members) {
      const r = rank.get(items[i].tier as string) as number
      if (r !== tier) {
        floor = tier < 0 ? 0 : tierMax * (1 + min_gap)
        tier = r
        tierMax = 0
      }
      if (price[i] < floor - 1e-9 && !keep[i]) {
        const b = bounds[i]
        const target = Math.min(floor, b.hi)
        const raised =
          roundWithin(target, up, b.lo, b.hi, unit) ??
          roundWithin(target, { rule: 'none', direction: 'up' }, b.lo, b.hi, unit) ??
          price[i]
        if (raised < floor - 1e-9) broken.push(items[i].id)
        if (raised > price[i]) {
          price[i] = raised
          why[i] = 'ladder'
        }
      } else if (price[i] < floor - 1e-9) broken.push(items[i].id)
      tierMax = Math.max(tierMax, price[i])
    }
  }
  if (broken.length)
    warnings.push(`the price ladder cannot hold inside the other guardrails for ${listIds(broken)}`)
}
