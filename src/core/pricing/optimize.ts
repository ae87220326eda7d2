import { groupBy } from '../util/group'
import type { CatalogItem } from './catalog'
import {
  checkGuardrails,
  itemBounds,
  listIds,
  type BoundRule,
  type Guardrails,
  type ItemBounds
} from './guardrails'
import { roundPrice, roundWithin, type Rounding } from './rounding'
import { Mover } from './exchange'

export type Objective = 'revenue' | 'margin'

/** Predicted mean quantity per period for catalog items (by index) at the given prices, in one batch. */
export type DemandFn = (items: Int32Array, prices: Float64Array) => Promise<Float64Array>

export interface OptimizeOptions {
  objective: Objective
  /** Keep total quantity at least this share of today's (e.g. 0.95), or null. */
  min_volume_share: number | null
  guardrails: Guardrails
}

/** Why a recommended price is where it is: a bound, a portfolio rule, a flag, or the optimum itself (null). */
export type Binding =
  BoundRule | 'ladder' | 'category_average' | 'volume_floor' | 'positive_elasticity' | null

export interface OptimizedItem {
  price: number
  quantity: number
  current_quantity: number
  binding: Binding
  out_of_range: boolean
  bounds: ItemBounds
}

export interface Optimized {
  items: OptimizedItem[]
  warnings: string[]
  /** Demand evaluations made (items × candidate prices). */
  evaluations: number
}

export class PricingError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PricingError'
  }
}

/** Log-spaced candidate prices per item, then a finer pass around each item's best. */
const GRID = 41
const REFINE = 10
const REFINE_PASSES = 2

/**
 * Chooses each item's price to maximize revenue or margin on the model's demand
 * curve, inside its guardrails. Portfolio rules (a volume floor, a category's
 * average change) are met with a Lagrange multiplier found by bisection, so each
 * item still sits at its own best trade-off. Then charm rounding inside the bounds,
 * then the price ladder, then one exact evaluation of the final prices.
 */
export async function optimizePrices(
  items: CatalogItem[],
  demand: DemandFn,
  opt: OptimizeOptions
): Promise<Optimized> {
  const g = opt.guardrails
  checkGuardrails(g, items)
  if (opt.objective === 'margin') {
    const missing = items.filter((i) => i.cost === null)
    if (missing.length)
      throw new PricingError(
        `the margin objective needs a cost for every item; missing for ${listIds(missing.map((i) => i.id))}: map a cost column or set a cost share`
      )
  }
  const n = items.length
  const locked = new Set(g.locked)
  const bounds = items.map((it) => itemBounds(it, g, locked.has(it.id)))
  const all = Int32Array.from(items, (_, i) => i)
  const p0 = Float64Array.from(items, (it) => it.current_price)
  const q0 = await demand(all, p0)
  const cost = Float64Array.from(items, (it) => it.cost ?? 0)
  const value = (i: number, p: number, q: number) => (opt.objective === 'margin' ? (p - cost[i]) * q : p * q)

  // Candidates: the grid, today's price clamped into the bounds, then the refinement.
  const K = GRID + 1 + REFINE * REFINE_PASSES
  const P = new Float64Array(n * K)
  for (let i = 0; i < n; i++) {
    const { lo, hi } = bounds[i]
    for (let k = 0; k < GRID; k++) P[i * K + k] = lo * Math.pow(hi / lo, k / (GRID - 1))
    P[i * K + GRID] = Math.min(Math.max(p0[i], lo), hi)
  }
  const Q = new Float64Array(n * K)
  const first = GRID + 1
  const idx = new Int32Array(n * first)
  const prices = new Float64Array(n * first)
  for (let i = 0; i < n; i++)
    for (let k = 0; k < first; k++) {
      idx[i * first + k] = i
      prices[i * first + k] = P[i * K + k]
    }
  const qa = await demand(idx, prices)
  for (let i = 0; i < n; i++) for (let k = 0; k < first; k++) Q[i * K + k] = qa[i * first + k]

  // Demand that does not fall with price: the model cannot price these items; keep today's price.
  const flagged = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const { lo, hi } = bounds[i]
    if (hi > lo * (1 + 1e-9) && Q[i * K + GRID - 1] >= Q[i * K]) flagged[i] = 1
  }
  // Two finer passes around each item's best so far: ~0.02% of the range apart at the end.
  for (let pass = 0; pass < REFINE_PASSES; pass++) {
    const at = first + pass * REFINE
    const refineIdx = new Int32Array(n * REFINE)
    const refinePrices = new Float64Array(n * REFINE)
    for (let i = 0; i < n; i++) {
      const cands = at
      let best = 0
      for (let k = 1; k < cands; k++)
        if (value(i, P[i * K + k], Q[i * K + k]) > value(i, P[i * K + best], Q[i * K + best])) best = k
      // The neighbours of the best price among all candidates so far.
      const pb = P[i * K + best]
      let a = bounds[i].lo
      let b = bounds[i].hi
      for (let k = 0; k < cands; k++) {
        const p = P[i * K + k]
        if (p < pb && p > a) a = p
        if (p > pb && p < b) b = p
      }
      for (let r = 0; r < REFINE; r++) {
        const price = a + ((b - a) * (r + 1)) / (REFINE + 1)
        P[i * K + at + r] = price
        refineIdx[i * REFINE + r] = i
        refinePrices[i * REFINE + r] = price
      }
    }
    const qr = await demand(refineIdx, refinePrices)
    for (let i = 0; i < n; i++) for (let r = 0; r < REFINE; r++) Q[i * K + at + r] = qr[i * REFINE + r]
  }

  /** Best candidate of item i (today's price for items the model cannot price). */
  const choose = (i: number): number => {
    if (flagged[i]) return GRID
    let best = GRID
    let bestV = -Infinity
    for (let k = 0; k < K; k++) {
      const v = value(i, P[i * K + k], Q[i * K + k])
      if (v > bestV + 1e-12) {
        bestV = v
        best = k
      }
    }
    return best
  }
  const warnings: string[] = []
  const choice = Int32Array.from(items, (_, i) => choose(i))
  const why: Binding[] = new Array(n).fill(null)
  const moves = new Mover(n, K, P, Q, value, choice, flagged)

  if (opt.min_volume_share !== null) {
    const target = opt.min_volume_share * q0.reduce((s, x) => s + x, 0)
    const volume = () => items.reduce((s, _, i) => s + Q[i * K + choice[i]], 0)
    const need = target - volume()
    if (need > 0) {
      const left = moves.run(
        all,
        -1,
        (i, from, to) => Q[i * K + to] - Q[i * K + from],
        need,
        why,
        'volume_floor'
      )
      if (left > 1e-9)
        warnings.push(
          `the volume floor (${(opt.min_volume_share * 100).toFixed(0)}% of today's quantity) cannot be met inside the guardrails; these prices keep as much volume as they allow`
        )
    }
  }

  if (g.category_avg_change !== null) {
    const limit = g.category_avg_change
    const bySeg = groupBy(items.keys(), (i) => items[i].segment)
    for (const [seg, members] of bySeg) {
      const m = members.length
      const avg = members.reduce((s, i) => s + P[i * K + choice[i]] / p0[i] - 1, 0) / m
      if (Math.abs(avg) <= limit + 1e-12) continue
      const dir = avg > 0 ? -1 : 1
      const left = moves.run(
        members,
        dir,
        (i, from, to) => (dir * (P[i * K + to] - P[i * K + from])) / p0[i] / m,
        Math.abs(avg) - limit,
        why,
        'category_average'
      )
      if (left > 1e-9)
        warnings.push(
          `category "${seg}": its average change cannot be held within ±${(limit * 100).toFixed(1)}%`
        )
    }
  }

  // Charm rounding, inside each item's bounds.
  const final = new Float64Array(n)
  const unroundable: string[] = []
  for (let i = 0; i < n; i++) {
    const { lo, hi } = bounds[i]
    const raw = P[i * K + choice[i]]
    if (bounds[i].loRule === 'locked') {
      final[i] = p0[i]
      continue
    }
    const r = roundWithin(raw, g.rounding, lo, hi)
    if (r === null) {
      unroundable.push(items[i].id)
      final[i] = raw
    } else final[i] = r
  }
  if (unroundable.length)
    warnings.push(
      `no ${g.rounding.rule} price fits inside the bounds of ${listIds(unroundable)}; their prices are not rounded`
    )
  applyLadder(items, bounds, final, why, g, warnings)

  const q1 = await demand(all, final)
  const conflicts = items.filter((_, i) => bounds[i].loRule === 'conflict').map((it) => it.id)
  if (conflicts.length)
    warnings.push(`guardrails exclude each other for ${listIds(conflicts)}: their prices stay as today`)
  const positive = items.filter((_, i) => flagged[i]).map((it) => it.id)
  if (positive.length)
    warnings.push(
      `the model's demand does not fall with price for ${positive.length} item(s) (${listIds(positive)}): their prices stay as today instead of running to the upper bound`
    )
  const out: OptimizedItem[] = items.map((it, i) => {
    const b = bounds[i]
    let binding: Binding = why[i]
    if (b.loRule === 'locked' || b.loRule === 'conflict') binding = b.loRule
    else if (flagged[i]) binding = 'positive_elasticity'
    else if (binding !== 'ladder') {
      const atLo = roundPrice(final[i] - 1e-6, { rule: g.rounding.rule, direction: 'down' }) < b.lo - 1e-9
      const atHi = roundPrice(final[i] + 1e-6, { rule: g.rounding.rule, direction: 'up' }) > b.hi + 1e-9
      if (atLo && b.loRule && binding === null) binding = b.loRule
      else if (atHi && b.hiRule && binding === null) binding = b.hiRule
    }
    return {
      price: final[i],
      quantity: q1[i],
      current_quantity: q0[i],
      binding,
      out_of_range: final[i] < it.observed_min - 1e-9 || final[i] > it.observed_max + 1e-9,
      bounds: b
    }
  })
  return { items: out, warnings, evaluations: n * (K + 2) }
}

/**
 * Price ladders: within one product line, each tier costs at least the previous
 * tier's highest price plus the gap. A price is only ever raised to meet the
 * ladder, and never beyond its own upper bound (that conflict is reported).
 */
function applyLadder(
  items: CatalogItem[],
  bounds: ItemBounds[],
  price: Float64Array,
  why: Binding[],
  g: Guardrails,
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
  const up: Rounding = { rule: g.rounding.rule, direction: 'up' }
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
      if (price[i] < floor - 1e-9 && bounds[i].loRule !== 'locked') {
        const raised = Math.min(roundPrice(floor, up), bounds[i].hi)
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
