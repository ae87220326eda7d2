import { groupBy } from '../util/group'
import type { CatalogItem } from './catalog'
import { checkGuardrails, GuardrailError, itemBounds, listIds, type ItemBounds } from './guardrails'
import type { Guardrails, PriceUnit, Binding, Objective } from '../../shared/pricing'
import { roundingProblem } from './rounding'
import { postSteps } from './post-steps'
import { TOKENS } from './units'
import { Mover } from './exchange'
import type { DemandSystem } from './demand-system'
import { effectiveQ, jointAscent, nearestChoice, type JointProblem } from './joint'
import { meetsRules, reoptimizeWithRules, ruleGaps, type PortfolioRules } from './joint-rules'
import { DomainError } from '../../shared/domain-error'
import { counted, pct } from '../../shared/format/numbers'
import { field, indices } from '../util/typed'

/** Predicted mean quantity per period for catalog items (by index) at the given prices, in one batch. */
export interface DemandFn {
  (items: Int32Array, prices: Float64Array): Promise<Float64Array>
  /**
   * Where a curve can, every item alone at its candidate prices (the others at today's), written in place:
   * Q[i·K + k] for k in [from, to), the numbers a batch naming each item at those prices gives. Spares the
   * optimizer its batches of millions of (item, price) pairs (and their garbage) at 100k items.
   */
  alone?: (P: Float64Array, K: number, from: number, to: number, Q: Float64Array) => Promise<void>
  /**
   * Where the curve is the causal one on its own (no cross terms): its numbers, from which another thread
   * rebuilds the same curve (`causalCurve` over the same items), so that the corner curve's re-optimizations
   * can run on the second core.
   */
  causal?: () => Promise<{ q0: Float64Array; eps: Float64Array }>
}

export interface OptimizeOptions {
  objective: Objective
  /** Keep total quantity at least this share of today's (e.g. 0.95), or null. */
  min_volume_share: number | null
  guardrails: Guardrails
  /** The unit of the prices (decimals, rounding choices); tokens when absent. */
  unit?: PriceUnit
  /** What the dataset calls its segments ("brand"), for warnings; the EdTech sample's "category" when absent. */
  segmentName?: string
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
  /**
   * Where the joint search also starts (price vectors in item order: each strategy's sheet); today's
   * prices and every item's own best always are. Used only when the demand couples items.
   */
  starts?: Float64Array[]
  /**
   * The candidate tables of an earlier call to write over (its result no longer needs them): the corner
   * curve re-optimizes five times, and two fresh tables of n × 62 doubles per call (~100 MB at 100k
   * items) kept the collector busy. Filled here on first use.
   */
  scratch?: CandidateTables
}

/** Candidate prices and their quantities, item-major (see Candidates), kept between calls. */
export interface CandidateTables {
  P?: Float64Array
  Q?: Float64Array
}

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
  /** The joint search, where cross terms couple items: sweeps of the last ascent, whether it stopped by itself, starts tried. */
  joint?: { sweeps: number; converged: boolean; starts: number; links: number }
  /** The portfolio rules re-optimized jointly (joint-rules.ts): the objective of the exchange's sheet and of the one kept. */
  rules?: { improved: boolean; before: number; after: number }
}

export class PricingError extends DomainError {
  constructor(message: string) {
    super('invalid_input', message)
    this.name = 'PricingError'
  }
}

/** Log-spaced candidate prices per item, then a finer pass around each item's best. */
const GRID = 41
const REFINE = 10
const REFINE_PASSES = 2
/** Candidates per item: the grid, today's price clamped into the bounds, then each refinement pass. */
const K = GRID + 1 + REFINE * REFINE_PASSES
/** Where today's (clamped) price sits among an item's candidates. */
const TODAY = GRID

/*
 * Tolerances. Each absorbs floating-point noise only; none is a business margin.
 */
/** Relative width under which an item's bounds are one price: there is no slope to judge demand by. */
const SINGLE_PRICE_WIDTH = 1e-9
/** A candidate replaces the best so far only when its objective is higher by more than this, so the
 * choice between (numerically) equal candidates is the first one and does not flip on rounding noise. */
const VALUE_TIE = 1e-12
/** What is left of a portfolio rule (quantity for the volume floor, average-change share for a category)
 * below which the rule counts as met; the greedy exchange stops at 1e-12, this only decides the warning. */
const RULE_MET = 1e-9
/** A category's average change may exceed its limit by this much (a sum of price ratios carries noise). */
const AVERAGE_NOISE = 1e-12
/** Rounding prices to the unit moves total volume a little: a final shortfall below this share is not reported. */
const FINAL_FLOOR_SLACK = 1e-4
/** A final price this close outside the observed range still counts as inside it. */
const PRICE_NOISE = 1e-9

/** Candidate prices and their predicted quantities, item-major: item i's candidate k at [i * K + k]. */
interface Candidates {
  P: Float64Array
  Q: Float64Array
}

type ValueFn = (i: number, p: number, q: number) => number

/**
 * Chooses each item's price to maximize revenue or margin on the demand curve,
 * inside its guardrails, in phases:
 * 1. candidates: a log-spaced grid between the item's bounds plus today's price,
 *    then two finer passes around each item's best (`gridCandidates`, `refineAroundBest`);
 * 2. each item's best candidate on its own (`bestCandidate`); items whose predicted
 *    demand does not fall with price keep today's price (`risingDemand`);
 * 3. portfolio rules (a volume floor, a category's average change) by greedy exchange
 *    (`Mover`, exchange.ts): the moves that give up the least objective per unit the
 *    rule needs, until it holds; this works where an item's objective is not concave in
 *    price, which a Lagrange multiplier would need;
 * 4. post-steps (post-steps.ts): rounding inside the bounds, the price ladder, the
 *    do-no-harm check, and one exact evaluation of the final prices.
 */
export async function optimizePrices(
  items: CatalogItem[],
  demand: DemandSystem,
  opt: OptimizeOptions
): Promise<Optimized> {
  checkInputs(items, opt)
  const g = opt.guardrails
  const n = items.length
  const locked = new Set(g.locked)
  const bounds = items.map((it) => itemBounds(it, g, locked.has(it.id)))
  const all = indices(n)
  const p0 = field(items, (it) => it.current_price)
  const q0 = await demand(all, p0)
  const cost = field(items, (it) => it.cost ?? 0)
  // One closure per objective (not a test per call): the searches below call it hundreds of times per item.
  const value: ValueFn = opt.objective === 'margin' ? (i, p, q) => (p - cost[i]) * q : (_i, p, q) => p * q

  const c = await gridCandidates(bounds, p0, demand, opt.scratch)
  const flagged = risingDemand(bounds, c.Q)
  const links = demand.links && demand.links.some((l) => l.length) ? demand.links : null
  let choice: Int32Array
  let joint: Optimized['joint']
  let portfolioQ = c.Q
  if (!links) {
    for (let pass = 0; pass < REFINE_PASSES; pass++) await refineAroundBest(c, bounds, value, pass, demand)
    choice = new Int32Array(n)
    for (let i = 0; i < n; i++) choice[i] = bestCandidate(c, value, flagged, i)
  } else {
    const pr: JointProblem = { n, K, P: c.P, Q: c.Q, p0, links, value, frozen: flagged }
    const searched = searchJointly(pr, c, flagged, value, opt.starts ?? [])
    choice = searched.choice
    for (let pass = 0; pass < REFINE_PASSES; pass++) {
      await refineAroundBest(c, bounds, value, pass, demand, choice)
      searched.last = jointAscent(pr, choice)
    }
    joint = {
      sweeps: searched.last.sweeps,
      converged: searched.last.converged,
      starts: searched.starts,
      links: links.reduce((s, l) => s + l.length, 0)
    }
    // Portfolio rules below trade items' quantities as they are at the joint optimum's other prices.
    portfolioQ = effectiveQ(pr, choice)
  }

  const warnings: string[] = []
  const why: Binding[] = new Array(n).fill(null)
  const free = Int32Array.from(choice)
  // Made on first use: ordering every item's candidates costs seconds at 100k items, and most runs have no rule.
  let mover: Mover | null = null
  const moves = () => (mover ??= new Mover(n, K, c.P, portfolioQ, value, choice, flagged))
  if (opt.min_volume_share !== null)
    holdVolumeFloor(moves, { P: c.P, Q: portfolioQ }, choice, all, q0, opt.min_volume_share, why)
  if (g.category_avg_change !== null)
    holdCategoryAverage(moves, c, choice, items, p0, g.category_avg_change, why)
  const rules = portfolioRules(items, q0, opt.min_volume_share, g.category_avg_change)
  const pr: JointProblem = {
    n,
    K,
    P: c.P,
    Q: c.Q,
    p0,
    links: links ?? items.map(() => []),
    value,
    frozen: flagged
  }
  // The exchange traded quantities at the free optimum's other prices, once: re-optimize under the rules jointly.
  const ruled =
    rules && !meetsRules(pr, rules, free) ? reoptimizeWithRules(pr, rules, free, choice, why) : null
  // Judged on the sheet the joint step ends with (cross terms counted), not on the exchange's view of it.
  if (rules) warnings.push(...unmetRuleWarnings(pr, rules, choice, items, opt))

  const {
    final,
    why: post,
    q1
  } = await postSteps(items, bounds, c.P, K, choice, flagged, why, p0, q0, demand, value, opt, warnings)
  warnings.push(...boundWarnings(items, bounds, flagged))
  if (rules && !warnings.some((w) => w.startsWith(FLOOR_WARNING)))
    warnings.push(...finalFloorWarning(rules, q0, q1, opt.min_volume_share))
  const out: OptimizedItem[] = items.map((it, i) => ({
    price: final[i],
    quantity: q1[i],
    current_quantity: q0[i],
    binding: post[i],
    out_of_range: final[i] < it.observed_min - PRICE_NOISE || final[i] > it.observed_max + PRICE_NOISE,
    bounds: bounds[i]
  }))
  return {
    items: out,
    warnings,
    evaluations: n * (K + 2),
    ...(joint ? { joint } : {}),
    ...(ruled ? { rules: ruled } : {})
  }
}

/** The volume floor and category-average rules as joint-rules.ts reads them (null: neither is set). */
function portfolioRules(
  items: CatalogItem[],
  q0: Float64Array,
  share: number | null,
  limit: number | null
): PortfolioRules | null {
  if (share === null && limit === null) return null
  const categories =
    limit === null
      ? []
      : [...groupBy(items.keys(), (i) => items[i].segment).values()].map((members) => ({
          members: [...members],
          limit
        }))
  return { volume: share === null ? null : share * q0.reduce((s, x) => s + x, 0), categories }
}

/**
 * The joint search's first ascent from every start: each item's own best, today's prices and
 * each given sheet; the start that ends highest wins.
 */
function searchJointly(
  pr: JointProblem,
  c: Candidates,
  flagged: Uint8Array,
  value: ValueFn,
  starts: Float64Array[]
): { choice: Int32Array; starts: number; last: ReturnType<typeof jointAscent> } {
  const own = new Int32Array(pr.n)
  for (let i = 0; i < pr.n; i++) own[i] = bestCandidate(c, value, flagged, i)
  const today = new Int32Array(pr.n).fill(TODAY)
  const all = [own, today, ...starts.map((s) => nearestChoice(pr, s, today))]
  let best: { choice: Int32Array; last: ReturnType<typeof jointAscent> } | null = null
  for (const start of all) {
    const choice = Int32Array.from(start)
    const last = jointAscent(pr, choice)
    if (!best || last.value > best.last.value) best = { choice, last }
  }
  const b = best as NonNullable<typeof best>
  return { choice: b.choice, starts: all.length, last: b.last }
}

/** Refuses what cannot be priced at all: contradictory guardrails, a rounding the unit lacks, margin without costs. */
function checkInputs(items: CatalogItem[], opt: OptimizeOptions): void {
  const g = opt.guardrails
  checkGuardrails(g, items)
  const unitProblem = roundingProblem(g.rounding.rule, opt.unit ?? TOKENS, g.rounding.step)
  if (unitProblem) throw new GuardrailError(unitProblem)
  if (opt.objective === 'margin') {
    const missing = items.filter((i) => i.cost === null)
    if (missing.length)
      throw new PricingError(
        `the margin objective needs a cost for every item; missing for ${listIds(missing.map((i) => i.id))}: map a cost column, import a cost table or set a cost share`
      )
  }
}

/** Phase 1: the log-spaced grid between each item's bounds and today's price clamped into them, evaluated in one batch. */
async function gridCandidates(
  bounds: ItemBounds[],
  p0: Float64Array,
  demand: DemandFn,
  scratch?: CandidateTables
): Promise<Candidates> {
  const n = bounds.length
  const P = table(scratch, 'P', n * K)
  for (let i = 0; i < n; i++) {
    const { lo, hi } = bounds[i]
    // lo · (hi/lo)^(k/40) through one logarithm per item: Math.pow per candidate was ~40% of this phase.
    const span = Math.log(hi / lo)
    for (let k = 0; k < GRID; k++) P[i * K + k] = lo * Math.exp(span * (k / (GRID - 1)))
    P[i * K + TODAY] = Math.min(Math.max(p0[i], lo), hi)
  }
  const Q = table(scratch, 'Q', n * K)
  await evaluateAlone(demand, n, P, Q, 0, GRID + 1)
  return { P, Q }
}

/**
 * A candidate table of `size` zeros: the scratch's when it has one of that size (zeroed: the joint search
 * reads a slot not yet refined as price 0, as in a fresh table), else a new one, kept in the scratch.
 */
function table(scratch: CandidateTables | undefined, which: 'P' | 'Q', size: number): Float64Array {
  const had = scratch?.[which]
  if (had && had.length === size) return had.fill(0)
  const made = new Float64Array(size)
  if (scratch) scratch[which] = made
  return made
}

/**
 * Each item alone at its candidates [from, to) into Q: the curve's own `alone` where it has one, else one
 * batch naming every item at each of those prices (each item named more than once: single-item moves).
 */
async function evaluateAlone(
  demand: DemandFn,
  n: number,
  P: Float64Array,
  Q: Float64Array,
  from: number,
  to: number
): Promise<void> {
  if (demand.alone) return demand.alone(P, K, from, to, Q)
  const m = to - from
  const idx = new Int32Array(n * m)
  const prices = new Float64Array(n * m)
  for (let i = 0; i < n; i++)
    for (let k = 0; k < m; k++) {
      idx[i * m + k] = i
      prices[i * m + k] = P[i * K + from + k]
    }
  const q = await demand(idx, prices)
  for (let i = 0; i < n; i++) for (let k = 0; k < m; k++) Q[i * K + from + k] = q[i * m + k]
}

/** Items whose predicted demand does not fall from the lowest grid price to the highest: the model cannot price them. */
function risingDemand(bounds: ItemBounds[], Q: Float64Array): Uint8Array {
  const flagged = new Uint8Array(bounds.length)
  for (let i = 0; i < bounds.length; i++) {
    const { lo, hi } = bounds[i]
    if (hi > lo * (1 + SINGLE_PRICE_WIDTH) && Q[i * K + GRID - 1] >= Q[i * K]) flagged[i] = 1
  }
  return flagged
}

/**
 * One refinement pass: REFINE prices evenly between the neighbours of each item's best
 * candidate so far. After two passes candidates are ~0.02% of the range apart.
 */
async function refineAroundBest(
  c: Candidates,
  bounds: ItemBounds[],
  value: ValueFn,
  pass: number,
  demand: DemandFn,
  /** The joint search's current choice to refine around (default: each item's own best). */
  center?: Int32Array
): Promise<void> {
  const { P, Q } = c
  const n = bounds.length
  const at = GRID + 1 + pass * REFINE
  for (let i = 0; i < n; i++) {
    let best = center ? center[i] : 0
    if (!center) {
      let bestV = value(i, P[i * K], Q[i * K])
      for (let k = 1; k < at; k++) {
        const v = value(i, P[i * K + k], Q[i * K + k])
        if (v > bestV) {
          best = k
          bestV = v
        }
      }
    }
    // The neighbours of the best price among all candidates so far.
    const pb = P[i * K + best]
    let a = bounds[i].lo
    let b = bounds[i].hi
    for (let k = 0; k < at; k++) {
      const p = P[i * K + k]
      if (p < pb && p > a) a = p
      if (p > pb && p < b) b = p
    }
    for (let r = 0; r < REFINE; r++) P[i * K + at + r] = a + ((b - a) * (r + 1)) / (REFINE + 1)
  }
  await evaluateAlone(demand, n, P, Q, at, at + REFINE)
}

/** Phase 2: item i's best candidate on its own (today's price for an item the model cannot price). */
function bestCandidate(c: Candidates, value: ValueFn, flagged: Uint8Array, i: number): number {
  if (flagged[i]) return TODAY
  let best = TODAY
  let bestV = -Infinity
  for (let k = 0; k < K; k++) {
    const v = value(i, c.P[i * K + k], c.Q[i * K + k])
    if (v > bestV + VALUE_TIE) {
      bestV = v
      best = k
    }
  }
  return best
}

/** Phase 3a: lower prices where it costs least until total quantity reaches the floor (a share of today's). */
function holdVolumeFloor(
  moves: () => Mover,
  c: Candidates,
  choice: Int32Array,
  all: Int32Array,
  q0: Float64Array,
  share: number,
  why: Binding[]
): void {
  const { Q } = c
  const target = share * q0.reduce((s, x) => s + x, 0)
  const volume = choice.reduce((s, k, i) => s + Q[i * K + k], 0)
  const need = target - volume
  if (!(need > 0)) return
  moves().run(all, -1, (i, from, to) => Q[i * K + to] - Q[i * K + from], need, why, 'volume_floor')
}

/** Phase 3b: per category, move prices back toward today's where it costs least until the average change is within ± the limit. */
function holdCategoryAverage(
  moves: () => Mover,
  c: Candidates,
  choice: Int32Array,
  items: CatalogItem[],
  p0: Float64Array,
  limit: number,
  why: Binding[]
): void {
  const { P } = c
  const bySeg = groupBy(items.keys(), (i) => items[i].segment)
  for (const members of bySeg.values()) {
    const m = members.length
    const avg = members.reduce((s, i) => s + P[i * K + choice[i]] / p0[i] - 1, 0) / m
    if (Math.abs(avg) <= limit + AVERAGE_NOISE) continue
    const dir = avg > 0 ? -1 : 1
    moves().run(
      members,
      dir,
      (i, from, to) => (dir * (P[i * K + to] - P[i * K + from])) / p0[i] / m,
      Math.abs(avg) - limit,
      why,
      'category_average'
    )
  }
}

const FLOOR_WARNING = 'the volume floor ('

/**
 * The rules the sheet still breaks once the exchange AND the joint step have run, each judged exactly
 * (every cross term counted): a rule the exchange could not meet but the joint step did is not reported.
 */
function unmetRuleWarnings(
  pr: JointProblem,
  rules: PortfolioRules,
  choice: Int32Array,
  items: CatalogItem[],
  opt: OptimizeOptions
): string[] {
  const gaps = ruleGaps(pr, rules, choice)
  const out: string[] = []
  if (rules.volume !== null && gaps.volume > RULE_MET * Math.max(1, rules.volume))
    out.push(
      `${FLOOR_WARNING}${pct(opt.min_volume_share ?? 0)} of today's quantity) cannot be met inside the guardrails; these prices keep as much volume as they allow`
    )
  rules.categories.forEach(({ members, limit }, c) => {
    if (gaps.category[c] > RULE_MET)
      out.push(
        `${opt.segmentName ?? 'category'} "${items[members[0]].segment}": its average change cannot be held within ±${pct(limit)}`
      )
  })
  return out
}

/**
 * The volume floor on the prices as written: rounding and do no harm (an item that would lose against
 * today goes back to today's price) may give back volume the optimum had kept. Said, with the shortfall.
 */
function finalFloorWarning(
  rules: PortfolioRules,
  q0: Float64Array,
  q1: Float64Array,
  share: number | null
): string[] {
  if (rules.volume === null || share === null) return []
  const v1 = q1.reduce((s, x) => s + x, 0)
  if (v1 >= rules.volume * (1 - FINAL_FLOOR_SLACK)) return []
  const kept = (v1 / q0.reduce((s, x) => s + x, 0)) * 100
  return [
    `${FLOOR_WARNING}${pct(share)} of today's quantity) is missed after rounding and do no harm: these prices keep ${pct(kept / 100)}`
  ]
}

/** Warnings about items the guardrails or the model left at (or near) today's price. */
function boundWarnings(items: CatalogItem[], bounds: ItemBounds[], flagged: Uint8Array): string[] {
  const warnings: string[] = []
  const conflicts = items.filter((_, i) => bounds[i].loRule === 'conflict').map((it) => it.id)
  if (conflicts.length)
    warnings.push(
      `guardrails exclude each other for ${listIds(conflicts)}: their prices stay as today, or move to the nearest allowed by the minimum or maximum price`
    )
  const positive = items.filter((_, i) => flagged[i]).map((it) => it.id)
  if (positive.length)
    warnings.push(
      `the model's demand does not fall with price for ${counted(positive.length, 'item')} (${listIds(positive)}): ${positive.length === 1 ? 'its price stays' : 'their prices stay'} as today instead of running to the upper bound`
    )
  return warnings
}
