import type { CrossLink } from './demand-system'

/**
 * Coupled items priced jointly: coordinate ascent over each item's candidate prices
 * until no item moves. The candidates' quantities Q were evaluated with each item
 * alone (the others at today's prices); with log-linear cross terms, item i's quantity
 * at other prices is that times F_i = Π_j (p_j / p0_j)^γ_ij, and its price moves its
 * neighbours' quantities by (p_i / p0_i)^γ_ji, so one item's move is scored on the
 * whole portfolio exactly. Each move raises the portfolio objective and the candidates
 * are finite, so the ascent stops; from several starts (today's prices, each strategy's
 * sheet, every item's own best) the best end point is kept.
 *
 * Why not a concave program in log prices: with cost-based margins, volume floors,
 * ladders and rounding the objective is neither concave nor smooth, and the candidate
 * grid is what the guardrails and post-steps already work on. Measured on the retail
 * sample (bench `cross`): the ascent converges in a few sweeps and its end point
 * matches a finer continuous search to the grid's resolution.
 */
export interface JointProblem {
  n: number
  K: number
  P: Float64Array
  Q: Float64Array
  p0: Float64Array
  links: CrossLink[][]
  value: (i: number, p: number, q: number) => number
  /** Items that keep their candidate (flagged, locked): they still move their neighbours. */
  frozen: Uint8Array
  /** A term of the objective in item i's price alone (a portfolio rule's multiplier, joint-rules.ts). */
  priceTerm?: (i: number, p: number) => number
}

/** A portfolio objective tie: a move must gain more than this share of the item's value to count. */
const GAIN = 1e-12
const MAX_SWEEPS = 500

export interface AscentResult {
  value: number
  sweeps: number
  converged: boolean
}

/** Who depends on whose price: dependents[i] = items whose quantity moves with item i's price. */
export function dependentsOf(links: CrossLink[][]): { j: number; gamma: number }[][] {
  const out: { j: number; gamma: number }[][] = links.map(() => [])
  links.forEach((ls, j) => ls.forEach((l) => out[l.of].push({ j, gamma: l.elasticity })))
  return out
}

/** The portfolio objective of a choice (one candidate per item), cross terms included. */
export function jointValue(pr: JointProblem, choice: Int32Array): number {
  const cur = currentPrices(pr, choice)
  let v = 0
  for (let i = 0; i < pr.n; i++) {
    v += pr.value(i, cur[i], pr.Q[i * pr.K + choice[i]] * factor(pr, i, cur))
    if (pr.priceTerm) v += pr.priceTerm(i, cur[i])
  }
  return v
}

/** Item i's quantity multiplier from the other items' current prices. */
export function factor(pr: JointProblem, i: number, cur: Float64Array): number {
  let f = 1
  for (const l of pr.links[i]) f *= Math.pow(cur[l.of] / pr.p0[l.of], l.elasticity)
  return f
}

function currentPrices(pr: JointProblem, choice: Int32Array): Float64Array {
  return Float64Array.from({ length: pr.n }, (_, i) => pr.P[i * pr.K + choice[i]])
}

/** Coordinate ascent from `choice` (changed in place) until no item moves. */
export function jointAscent(pr: JointProblem, choice: Int32Array): AscentResult {
  const { n, K, P, Q, p0, value } = pr
  const deps = dependentsOf(pr.links)
  const cur = currentPrices(pr, choice)
  let sweeps = 0
  let moved = true
  while (moved && sweeps < MAX_SWEEPS) {
    moved = false
    sweeps++
    for (let i = 0; i < n; i++) {
      if (pr.frozen[i]) continue
      const f = factor(pr, i, cur)
      // Each dependent's objective without item i's factor: it scales with (p_i / p0_i)^γ_ji.
      const spill = deps[i].map(({ j, gamma }) => ({
        gamma,
        base: value(j, cur[j], Q[j * K + choice[j]] * factor(pr, j, cur)) / Math.pow(cur[i] / p0[i], gamma)
      }))
      const at = (k: number) => {
        const p = P[i * K + k]
        let v = value(i, p, Q[i * K + k] * f) + (pr.priceTerm?.(i, p) ?? 0)
        for (const s of spill) v += s.base * Math.pow(p / p0[i], s.gamma)
        return v
      }
      const now = at(choice[i])
      let best = choice[i]
      let bestV = now
      for (let k = 0; k < K; k++) {
        const v = at(k)
        if (v > bestV + GAIN * Math.max(1, Math.abs(now))) {
          bestV = v
          best = k
        }
      }
      if (best !== choice[i]) {
        choice[i] = best
        cur[i] = P[i * K + best]
        moved = true
      }
    }
  }
  return { value: jointValue(pr, choice), sweeps, converged: !moved }
}

/** The candidate nearest (in log price) to each item's price in a start vector. */
export function nearestChoice(pr: JointProblem, prices: ArrayLike<number>, keep: Int32Array): Int32Array {
  return Int32Array.from({ length: pr.n }, (_, i) => {
    if (pr.frozen[i]) return keep[i]
    let best = keep[i]
    let bestD = Infinity
    for (let k = 0; k < pr.K; k++) {
      const d = Math.abs(Math.log(pr.P[i * pr.K + k] / prices[i]))
      if (d < bestD) {
        bestD = d
        best = k
      }
    }
    return best
  })
}

/** Quantities each item would have at the choice's prices of the others: Q scaled by F_i. */
export function effectiveQ(pr: JointProblem, choice: Int32Array): Float64Array {
  const cur = currentPrices(pr, choice)
  const out = new Float64Array(pr.Q.length)
  for (let i = 0; i < pr.n; i++) {
    const f = factor(pr, i, cur)
    for (let k = 0; k < pr.K; k++) out[i * pr.K + k] = pr.Q[i * pr.K + k] * f
  }
  return out
}
