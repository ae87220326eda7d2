/**
 * The joint ascent as it was before issue 33 (every item re-scored on every sweep, the dependents'
 * factors recomputed per candidate): kept here, verbatim, as the reference the sparse ascent
 * (src/core/pricing/joint.ts) must equal.
 */
import type { CrossLink } from '../../../src/core/pricing/demand-system'
import type { JointProblem } from '../../../src/core/pricing/joint'

/** A portfolio objective tie: a move must gain more than this share of the item's value to count. */
const GAIN = 1e-12
const MAX_SWEEPS = 500

export interface AscentResult {
  value: number
  sweeps: number
  converged: boolean
}

/** Who depends on whose price: dependents[i] = items whose quantity moves with item i's price. */
function dependentsOf(links: CrossLink[][]): { j: number; gamma: number }[][] {
  const out: { j: number; gamma: number }[][] = links.map(() => [])
  links.forEach((ls, j) => ls.forEach((l) => out[l.of].push({ j, gamma: l.elasticity })))
  return out
}

/** The portfolio objective of a choice (one candidate per item), cross terms included. */
function jointValue(pr: JointProblem, choice: Int32Array): number {
  const cur = currentPrices(pr, choice)
  let v = 0
  for (let i = 0; i < pr.n; i++) {
    v += pr.value(i, cur[i], pr.Q[i * pr.K + choice[i]] * factor(pr, i, cur))
    if (pr.priceTerm) v += pr.priceTerm(i, cur[i])
  }
  return v
}

/** Item i's quantity multiplier from the other items' current prices. */
function factor(pr: JointProblem, i: number, cur: Float64Array): number {
  let f = 1
  for (const l of pr.links[i]) f *= Math.pow(cur[l.of] / pr.p0[l.of], l.elasticity)
  return f
}

function currentPrices(pr: JointProblem, choice: Int32Array): Float64Array {
  return Float64Array.from({ length: pr.n }, (_, i) => pr.P[i * pr.K + choice[i]])
}

/** Coordinate ascent from `choice` (changed in place) until no item moves. */
export function referenceAscent(pr: JointProblem, choice: Int32Array): AscentResult {
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
        if (!(P[i * K + k] > 0)) continue // the one change since: unfilled slots (price 0) are not candidates
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
