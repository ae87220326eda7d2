import { groupBy } from '../util/group'
import type { CatalogItem } from './catalog'
import {
  checkGuardrails,
  GuardrailError,
  itemBounds,
  listIds,
  type BoundRule,
  type Guardrails,
  type ItemBounds
} from './guardrails'
import { roundingProblem } from './rounding'
import { postSteps } from './post-steps'
import { TOKENS, type PriceUnit } from './units'
import { Mover } from './exchange'

export type Objective = 'revenue' | 'margin'

/** Predicted mean quantity per period for catalog items (by index) at the given prices, in one batch. */
export type DemandFn = (items: Int32Array, prices: Float64Array) => Promise<Float64Array>

export interface OptimizeOptions {
  objective: Objective
  /** Keep total quantity at least this share of today's (e.g. 0.95), or null. */
  min_volume_share: number | null
  guardrails: Guardrails
  /** The unit of the prices (decimals, rounding choices); tokens when absent. */
  unit?: PriceUnit
  /**
   * Each item's elasticity interval (NaN: none). Do no harm then holds across it:
   * an item whose price predicts less than today's at either end, on
   * q₀·(p/p₀)^ε, keeps today's price.
   */
  elasticityRange?: {
    low: Float64Array
    high: Float64Array
    /** Items priced with their segment's elasticity: their own 90% interval, checked as it is (NaN: none). */
    itemLow?: Float64Array
    itemHigh?: Float64Array
  }
}

/** Why a recommended price is where it is: a bound, a portfolio rule, a flag, or the optimum itself (null). */
export type Binding =
  | BoundRule
  | 'ladder'
  | 'category_average'
  | 'volume_floor'
  | 'positive_elasticity'
  /** Kept at today's price: the rounded or post-processed price predicted less than today's. */
  | 'no_harm'
  /** The rounding rule has no price nearer the optimum inside the guardrails. */
  | 'rounding'
  | null

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
  const unitProblem = roundingProblem(g.rounding.rule, opt.unit ?? TOKENS)
  if (unitProblem) throw new GuardrailError(unitProblem)
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

  const {
    final,
    why: post,
    q1
  } = await postSteps(items, bounds, P, K, choice, flagged, why, p0, q0, demand, value, opt, warnings)
  const conflicts = items.filter((_, i) => bounds[i].loRule === 'conflict').map((it) => it.id)
  if (conflicts.length)
    warnings.push(
      `guardrails exclude each other for ${listIds(conflicts)}: their prices stay as today, or move to the nearest allowed by the minimum or maximum price`
    )
  const positive = items.filter((_, i) => flagged[i]).map((it) => it.id)
  if (positive.length)
    warnings.push(
      `the model's demand does not fall with price for ${positive.length} item(s) (${listIds(positive)}): their prices stay as today instead of running to the upper bound`
    )
  const out: OptimizedItem[] = items.map((it, i) => ({
    price: final[i],
    quantity: q1[i],
    current_quantity: q0[i],
    binding: post[i],
    out_of_range: final[i] < it.observed_min - 1e-9 || final[i] > it.observed_max + 1e-9,
    bounds: bounds[i]
  }))
  return { items: out, warnings, evaluations: n * (K + 2) }
}
