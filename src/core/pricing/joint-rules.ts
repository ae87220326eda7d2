import type { Binding } from '../../shared/pricing'
import { dependentsOf, factor, jointAscent, jointValue, type JointProblem } from './joint'

/**
 * The portfolio rules (a volume floor, each category's average change) re-optimized jointly
 * with the cross terms. The greedy exchange (`Mover`) meets a rule by trading the items'
 * quantities as they are at the joint optimum's other prices, once: each move it makes changes
 * the other items' quantities (a brand cut takes volume from its store's other brands), which
 * it does not see, and no item is re-priced after it. Here the rules enter the objective with
 * multipliers (a Lagrangian): the joint ascent maximizes objective + λ × volume − Σ μ_s × the
 * category's average change (in the rule's direction), each multiplier raised by bisection
 * until its rule holds, EXACTLY, with every cross term; then a last ascent on the plain objective
 * takes back whatever a feasible single move allows. The result replaces the exchange's only
 * where it meets every rule and scores higher, so it is never worse than before.
 */
export interface PortfolioRules {
  /** Total quantity the sheet must keep (the volume floor), or null. */
  volume: number | null
  /** Per category: its members, and the largest |average change| allowed (p / p0 − 1). */
  categories: { members: number[]; limit: number }[]
}

/** Rule slack below which a rule counts as met (sums of quantities and of price ratios carry noise). */
const RULE_SLACK = 1e-9
const BISECTIONS = 30
/** Rounds over the category multipliers (each round bisects each category's in turn). */
const ROUNDS = 3

interface Multipliers {
  volume: number
  category: Float64Array
  /** Per category: −1 when its average must come down, +1 when up, 0 when it holds. */
  dir: Int8Array
}

/** Total quantity of a choice, cross terms included. */
export function jointVolume(pr: JointProblem, choice: Int32Array): number {
  const cur = Float64Array.from({ length: pr.n }, (_, i) => pr.P[i * pr.K + choice[i]])
  let v = 0
  for (let i = 0; i < pr.n; i++) v += pr.Q[i * pr.K + choice[i]] * factor(pr, i, cur)
  return v
}

function averageChange(pr: JointProblem, choice: Int32Array, members: number[]): number {
  return members.reduce((s, i) => s + pr.P[i * pr.K + choice[i]] / pr.p0[i] - 1, 0) / members.length
}

/** How far a choice is from meeting each rule (0: met). */
export function ruleGaps(pr: JointProblem, rules: PortfolioRules, choice: Int32Array) {
  const volume = rules.volume === null ? 0 : Math.max(0, rules.volume - jointVolume(pr, choice))
  const category = rules.categories.map(({ members, limit }) =>
    Math.max(0, Math.abs(averageChange(pr, choice, members)) - limit)
  )
  return { volume, category }
}

export function meetsRules(pr: JointProblem, rules: PortfolioRules, choice: Int32Array): boolean {
  const g = ruleGaps(pr, rules, choice)
  const scale = Math.max(1, rules.volume ?? 0)
  return g.volume <= RULE_SLACK * scale && g.category.every((x) => x <= RULE_SLACK)
}

/** The problem with the multipliers in its objective: λ q per item (∝ q, as the ascent needs), μ on prices. */
function penalized(pr: JointProblem, rules: PortfolioRules, m: Multipliers): JointProblem {
  const weight = new Float64Array(pr.n)
  rules.categories.forEach(({ members }, c) => {
    for (const i of members) weight[i] += (m.dir[c] * m.category[c]) / members.length / pr.p0[i]
  })
  return {
    ...pr,
    value: (i, p, q) => pr.value(i, p, q) + m.volume * q,
    priceTerm: (i, p) => weight[i] * p + (pr.priceTerm?.(i, p) ?? 0)
  }
}

function solve(pr: JointProblem, rules: PortfolioRules, m: Multipliers, start: Int32Array): Int32Array {
  const choice = Int32Array.from(start)
  jointAscent(penalized(pr, rules, m), choice)
  return choice
}

/** The smallest multiplier (by bisection) whose solution meets `met`; null when none up to the largest tried does. */
function bisect(
  set: (x: number) => void,
  run: () => Int32Array,
  met: (c: Int32Array) => boolean,
  scale: number
): Int32Array | null {
  let hi = scale
  let found: Int32Array | null = null
  for (let k = 0; k < 40 && !found; k++) {
    set(hi)
    const c = run()
    if (met(c)) found = c
    else hi *= 4
  }
  if (!found) return null
  let lo = 0
  for (let k = 0; k < BISECTIONS; k++) {
    const mid = (lo + hi) / 2
    set(mid)
    const c = run()
    if (met(c)) {
      hi = mid
      found = c
    } else lo = mid
  }
  set(hi)
  return found
}

/**
 * Re-optimizes `choice` (the exchange's result, changed in place when beaten) jointly under the
 * rules, starting from `free` (the joint optimum without them). Labels the items the rules moved.
 */
export function reoptimizeWithRules(
  pr: JointProblem,
  rules: PortfolioRules,
  free: Int32Array,
  choice: Int32Array,
  why: Binding[]
): { improved: boolean; before: number; after: number } {
  const before = meetsRules(pr, rules, choice) ? jointValue(pr, choice) : -Infinity
  const m: Multipliers = {
    volume: 0,
    category: new Float64Array(rules.categories.length),
    dir: Int8Array.from(rules.categories, ({ members }) => {
      const a = averageChange(pr, free, members)
      return a > 0 ? -1 : a < 0 ? 1 : 0
    })
  }
  // The objective's scale per unit of each rule: a multiplier of this size already moves prices.
  const perUnit = Math.abs(jointValue(pr, free)) / Math.max(1e-12, jointVolume(pr, free))
  let cur: Int32Array | null = Int32Array.from(free)
  for (let round = 0; round < ROUNDS && cur; round++) {
    if (rules.volume !== null) {
      const target = rules.volume
      cur = bisect(
        (x) => (m.volume = x),
        () => solve(pr, rules, m, cur as Int32Array),
        (c) => jointVolume(pr, c) >= target * (1 - RULE_SLACK),
        perUnit
      )
    }
    rules.categories.forEach(({ members, limit }, c) => {
      if (!cur || !m.dir[c]) return
      cur = bisect(
        (x) => (m.category[c] = x),
        () => solve(pr, rules, m, cur as Int32Array),
        // One-sided: the multiplier pulls the average toward (and, too large, past) the other bound.
        (ch) => m.dir[c] * averageChange(pr, ch, members) >= -limit - RULE_SLACK,
        Math.abs(jointValue(pr, free)) / rules.categories.length
      )
    })
    if (cur && meetsRules(pr, rules, cur)) break
  }
  // Candidates: the Lagrangian's end point and the exchange's sheet, each with its slack taken back.
  const ends = [cur, before > -Infinity ? Int32Array.from(choice) : null].filter(
    (c): c is Int32Array => c !== null && meetsRules(pr, rules, c)
  )
  let best: { c: Int32Array; v: number } | null = null
  for (const c of ends) {
    takeBackSlack(pr, rules, c)
    const v = jointValue(pr, c)
    if (!best || v > best.v) best = { c, v }
  }
  const improved = !!best && best.v > before
  if (best && improved) choice.set(best.c)
  labelRules(pr, rules, free, choice, why, m)
  return { improved, before, after: improved && best ? best.v : before }
}

/**
 * The rule that holds each item where it is: \`volume_floor\` on items the floor pulled below their free
 * price; \`category_average\` on every moved item of a category whose rule binds (holding one of them back,
 * as do no harm would, breaks the average the rule keeps).
 */
function labelRules(
  pr: JointProblem,
  rules: PortfolioRules,
  free: Int32Array,
  choice: Int32Array,
  why: Binding[],
  m: Multipliers
): void {
  const binding = new Uint8Array(pr.n)
  rules.categories.forEach(({ members }, c) => {
    if (m.dir[c]) for (const i of members) binding[i] = 1
  })
  const price = (i: number, c: Int32Array) => pr.P[i * pr.K + c[i]]
  for (let i = 0; i < pr.n; i++) {
    if (why[i] === 'volume_floor' || why[i] === 'category_average') why[i] = null
    if (pr.frozen[i]) continue
    if (rules.volume !== null && price(i, choice) < price(i, free)) why[i] = 'volume_floor'
    else if (binding[i] && price(i, choice) !== pr.p0[i]) why[i] = 'category_average'
  }
}

/**
 * Single-item moves on the plain objective that keep every rule, until none gains. Each move is
 * scored exactly and locally: the item's own term and its dependents' quantities (cross terms).
 */
function takeBackSlack(pr: JointProblem, rules: PortfolioRules, choice: Int32Array): void {
  const { n, K, P, Q, value } = pr
  const deps = dependentsOf(pr.links)
  const cur = Float64Array.from({ length: n }, (_, i) => P[i * K + choice[i]])
  const catOf = new Int32Array(n).fill(-1)
  rules.categories.forEach(({ members }, c) => members.forEach((i) => (catOf[i] = c)))
  const avg = rules.categories.map(({ members }) => averageChange(pr, choice, members))
  let volume = jointVolume(pr, choice)
  const floor = rules.volume === null ? -Infinity : rules.volume * (1 - RULE_SLACK)
  let moved = true
  for (let sweep = 0; sweep < 50 && moved; sweep++) {
    moved = false
    for (let i = 0; i < n; i++) {
      if (pr.frozen[i]) continue
      const f = factor(pr, i, cur)
      const qs = deps[i].map(({ j, gamma }) => ({ j, gamma, q: Q[j * K + choice[j]] * factor(pr, j, cur) }))
      const now = choice[i]
      const c = catOf[i]
      let best = { k: now, gain: 0, dv: 0, da: 0 }
      for (let k = 0; k < K; k++) {
        if (k === now) continue
        const p = P[i * K + k]
        let gain = value(i, p, Q[i * K + k] * f) - value(i, cur[i], Q[i * K + now] * f)
        let dv = (Q[i * K + k] - Q[i * K + now]) * f
        for (const d of qs) {
          const q1 = d.q * Math.pow(p / cur[i], d.gamma)
          gain += value(d.j, cur[d.j], q1) - value(d.j, cur[d.j], d.q)
          dv += q1 - d.q
        }
        const da = c < 0 ? 0 : (p - cur[i]) / pr.p0[i] / rules.categories[c].members.length
        if (volume + dv < floor) continue
        if (c >= 0 && Math.abs(avg[c] + da) > rules.categories[c].limit + RULE_SLACK) continue
        if (gain > best.gain + 1e-12 * Math.max(1, Math.abs(gain))) best = { k, gain, dv, da }
      }
      if (best.k === now) continue
      choice[i] = best.k
      cur[i] = P[i * K + best.k]
      volume += best.dv
      if (c >= 0) avg[c] += best.da
      moved = true
    }
  }
}
