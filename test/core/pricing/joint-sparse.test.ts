import { describe, expect, it } from 'vitest'
import { Rng } from '../../../src/core/util/rng'
import { jointAscent, type JointProblem } from '../../../src/core/pricing/joint'
import type { CrossLink } from '../../../src/core/pricing/demand-system'
import { referenceAscent } from './joint-reference'

interface Case {
  /** Stores of up to `group` items, each item linked to each other item of its store with probability `link`. */
  group: number
  link: number
  /** Widest price move from today (log): above ~1 / max γ the ascent sums term by term. */
  reach: number
  /** Cross elasticities drawn from [lo, hi] (negative: complements). */
  gamma: [number, number]
  objective: 'revenue' | 'margin'
  /** Candidates left at 0 (not yet refined), as in the search before the refinement passes. */
  unfilled: number
  priceTerm: boolean
}

/** A random problem shaped like optimize.ts's: a log grid, today's price, its own-price curve, stores of linked items. */
function randomProblem(seed: number, n: number, c: Case): JointProblem {
  const rng = new Rng(seed)
  const K = 14 + c.unfilled
  const P = new Float64Array(n * K)
  const Q = new Float64Array(n * K)
  const p0 = Float64Array.from({ length: n }, () => rng.uniform(2, 50))
  const cost = Float64Array.from(p0, (p) => p * rng.uniform(0.2, 0.9))
  const links: CrossLink[][] = Array.from({ length: n }, () => [])
  for (let i = 0; i < n; i++) {
    const eps = rng.uniform(-3.5, -0.4)
    const q0 = rng.uniform(1, 200)
    const lo = p0[i] * Math.exp(-rng.uniform(0.05, c.reach))
    const hi = p0[i] * Math.exp(rng.uniform(0.05, c.reach))
    for (let k = 0; k < 13; k++) P[i * K + k] = lo * Math.pow(hi / lo, k / 12)
    // Today's price, once in a while equal to a grid price (a tie the first candidate must win).
    P[i * K + 13] = rng.bernoulli(0.1) ? P[i * K + 6] : p0[i]
    for (let k = 0; k < 14; k++) Q[i * K + k] = q0 * Math.pow(P[i * K + k] / p0[i], eps)
    const store = Math.floor(i / c.group) * c.group
    for (let j = store; j < Math.min(n, store + c.group); j++)
      if (j !== i && rng.bernoulli(c.link)) {
        const g = rng.uniform(c.gamma[0], c.gamma[1])
        links[i].push({ of: j, elasticity: g, low: g - 0.1, high: g + 0.1 })
      }
  }
  const weight = Float64Array.from({ length: n }, () => rng.uniform(-2, 2))
  return {
    n,
    K,
    P,
    Q,
    p0,
    links,
    value: c.objective === 'margin' ? (i, p, q) => (p - cost[i]) * q : (_i, p, q) => p * q,
    frozen: Uint8Array.from({ length: n }, () => (rng.bernoulli(0.1) ? 1 : 0)),
    ...(c.priceTerm ? { priceTerm: (i: number, p: number) => weight[i] * p } : {})
  }
}

function randomStart(seed: number, pr: JointProblem, filled: number): Int32Array {
  const rng = new Rng(seed ^ 0x5bd1e995)
  return Int32Array.from({ length: pr.n }, () => (rng.bernoulli(0.3) ? 13 : rng.int(filled)))
}

const CASES: Record<string, Case> = {
  // Few links in large stores: the items two links away from a move are mostly not one link away.
  'sparse links, revenue': {
    group: 40,
    link: 0.06,
    reach: 0.5,
    gamma: [0.2, 1.2],
    objective: 'revenue',
    unfilled: 0,
    priceTerm: false
  },
  'substitutes, revenue': {
    group: 10,
    link: 0.8,
    reach: 0.3,
    gamma: [0.02, 0.6],
    objective: 'revenue',
    unfilled: 0,
    priceTerm: false
  },
  'substitutes, margin, unrefined slots': {
    group: 6,
    link: 0.8,
    reach: 0.4,
    gamma: [0.05, 0.9],
    objective: 'margin',
    unfilled: 6,
    priceTerm: false
  },
  'wide bounds (term by term), with a price term': {
    group: 8,
    link: 0.8,
    reach: 1.6,
    gamma: [0.3, 1.5],
    objective: 'revenue',
    unfilled: 0,
    priceTerm: true
  },
  'complements and substitutes, margin': {
    group: 5,
    link: 0.8,
    reach: 0.5,
    gamma: [-0.6, 0.8],
    objective: 'margin',
    unfilled: 0,
    priceTerm: true
  }
}

/**
 * The sparse ascent (each item re-scored only when a price its score reads moved, the dependents'
 * spill summed by the exponential series) against the ascent as it was: the same moves, sweeps
 * and end point on random problems.
 */
describe('joint ascent: sparse and incremental, the same end point as before', () => {
  for (const [name, c] of Object.entries(CASES))
    it(name, () => {
      let moves = 0
      for (let seed = 1; seed <= 40; seed++) {
        const pr = randomProblem(seed, 20 + (seed % 5) * 17, c)
        const start = randomStart(seed, pr, 14)
        const old = Int32Array.from(start)
        const now = Int32Array.from(start)
        const a = referenceAscent(pr, old)
        const b = jointAscent(pr, now)
        expect([...now], `seed ${seed}`).toEqual([...old])
        expect(b.sweeps).toBe(a.sweeps)
        expect(b.converged).toBe(a.converged)
        expect(Math.abs(b.value - a.value)).toBeLessThanOrEqual(1e-12 * Math.abs(a.value))
        moves += now.reduce((s, k, i) => s + (k !== start[i] ? 1 : 0), 0)
      }
      // The cases must move items, or equality says nothing.
      expect(moves).toBeGreaterThan(100)
    })
})

/** Two items of one store, four candidates each, the last not filled yet (price 0, as before refinement). */
function twoItems(gamma: number, value: JointProblem['value']): JointProblem {
  const K = 4
  const P = Float64Array.from([8, 10, 12, 0, 8, 10, 12, 0])
  const p0 = Float64Array.from([10, 10])
  const Q = Float64Array.from(P, (p, k) => (p > 0 ? 100 * Math.pow(p / p0[k < K ? 0 : 1], -2) : 0))
  const link = (of: number): CrossLink => ({ of, elasticity: gamma, low: gamma - 0.1, high: gamma + 0.1 })
  return { n: 2, K, P, Q, p0, links: [[link(1)], [link(0)]], value, frozen: new Uint8Array(2) }
}

describe('joint ascent: a slot not filled yet is never chosen', () => {
  it('complements: the neighbour term 0^γ is infinite, yet no item moves to price 0', () => {
    const pr = twoItems(-0.3, (_i, p, q) => p * q)
    const choice = Int32Array.from([1, 1])
    const r = jointAscent(pr, choice)
    expect([...choice].map((k, i) => pr.P[i * pr.K + k])).toEqual([8, 8])
    expect(Number.isFinite(r.value)).toBe(true)
  })

  it('margin below cost at every real price: the item keeps a real price, not the empty slot', () => {
    const pr = twoItems(0.2, (_i, p, q) => (p - 20) * q)
    const choice = Int32Array.from([1, 1])
    jointAscent(pr, choice)
    for (let i = 0; i < 2; i++) expect(pr.P[i * pr.K + choice[i]]).toBeGreaterThan(0)
  })
})
