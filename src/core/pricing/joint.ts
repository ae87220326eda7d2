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

/**
 * The links as flat arrays (built once per links array): item i's links at linkStart[i] ..
 * linkStart[i + 1] in `links[i]`'s order, its dependents at depStart[i] .. in `dependentsOf`'s
 * order (by dependent, then link), so every sum below adds the same terms in the same order.
 */
interface Graph {
  linkStart: Int32Array
  linkOf: Int32Array
  linkGamma: Float64Array
  depStart: Int32Array
  depJ: Int32Array
  depGamma: Float64Array
  maxDeg: number
}

const graphs = new WeakMap<CrossLink[][], Graph>()

function graphOf(links: CrossLink[][]): Graph {
  const known = graphs.get(links)
  if (known) return known
  const n = links.length
  const linkStart = new Int32Array(n + 1)
  const depStart = new Int32Array(n + 1)
  for (let i = 0; i < n; i++) {
    linkStart[i + 1] = linkStart[i] + links[i].length
    for (const l of links[i]) depStart[l.of + 1]++
  }
  for (let i = 0; i < n; i++) depStart[i + 1] += depStart[i]
  const m = linkStart[n]
  const linkOf = new Int32Array(m)
  const linkGamma = new Float64Array(m)
  const depJ = new Int32Array(m)
  const depGamma = new Float64Array(m)
  const fill = depStart.slice(0, n)
  let maxDeg = 0
  for (let j = 0; j < n; j++)
    links[j].forEach((l, k) => {
      linkOf[linkStart[j] + k] = l.of
      linkGamma[linkStart[j] + k] = l.elasticity
      depJ[fill[l.of]] = j
      depGamma[fill[l.of]++] = l.elasticity
    })
  for (let i = 0; i < n; i++) maxDeg = Math.max(maxDeg, depStart[i + 1] - depStart[i])
  const g = { linkStart, linkOf, linkGamma, depStart, depJ, depGamma, maxDeg }
  graphs.set(links, g)
  return g
}

/**
 * Above this |γ × log(p / p0)| an item's spill is summed term by term (Math.pow); below it by the
 * exponential series, whose truncation is kept under 1e-19 of each term, far inside GAIN.
 */
const SERIES_REACH = 1
const SERIES_TAIL = 1e-19
const MAX_TERMS = 40

/** One ascent's state: prices, each item's cross factor (recomputed exactly when a link's price moves), who to re-score. */
class Ascent {
  readonly g: Graph
  readonly cur: Float64Array
  readonly F: Float64Array
  /** F[i] no longer holds for today's `cur` (a linked price moved): recomputed when next read. */
  readonly stale: Uint8Array
  readonly dirty: Uint8Array
  readonly vals: Float64Array
  readonly logs: Float64Array
  readonly base: Float64Array
  readonly coef = new Float64Array(MAX_TERMS + 1)

  constructor(
    readonly pr: JointProblem,
    readonly choice: Int32Array
  ) {
    this.g = graphOf(pr.links)
    this.cur = currentPrices(pr, choice)
    this.F = new Float64Array(pr.n)
    this.stale = new Uint8Array(pr.n).fill(1)
    this.dirty = new Uint8Array(pr.n).fill(1)
    this.vals = new Float64Array(pr.K)
    this.logs = new Float64Array(pr.K)
    this.base = new Float64Array(this.g.maxDeg)
  }

  /** As `factor`: Π over item i's links, in their order. */
  factorOf(i: number): number {
    const { linkStart, linkOf, linkGamma } = this.g
    let f = 1
    for (let s = linkStart[i]; s < linkStart[i + 1]; s++) {
      const of = linkOf[s]
      f *= Math.pow(this.cur[of] / this.pr.p0[of], linkGamma[s])
    }
    return f
  }

  /** Item i's cross factor at the current prices. */
  factor(i: number): number {
    if (this.stale[i]) {
      this.F[i] = this.factorOf(i)
      this.stale[i] = 0
    }
    return this.F[i]
  }

  /** Scores item i's candidates into `vals`, as the portfolio objective's part that moves with its price. */
  score(i: number): void {
    const { pr, g, cur, base, vals } = this
    const { K, P, Q, value, p0 } = pr
    const d0 = g.depStart[i]
    const d = g.depStart[i + 1] - d0
    const ratio = cur[i] / p0[i]
    let maxG = 0
    for (let s = 0; s < d; s++) {
      const j = g.depJ[d0 + s]
      base[s] =
        value(j, cur[j], Q[j * K + this.choice[j]] * this.factor(j)) / Math.pow(ratio, g.depGamma[d0 + s])
      maxG = Math.max(maxG, Math.abs(g.depGamma[d0 + s]))
    }
    const f = this.factor(i)
    let maxL = 0
    for (let k = 0; k < K; k++) {
      const p = P[i * K + k]
      vals[k] = value(i, p, Q[i * K + k] * f) + (pr.priceTerm?.(i, p) ?? 0)
      const l = Math.log(p / p0[i])
      this.logs[k] = l
      if (Number.isFinite(l)) maxL = Math.max(maxL, Math.abs(l))
    }
    if (d === 0) return
    const terms = maxG * maxL <= SERIES_REACH ? seriesTerms(maxG * maxL) : -1
    if (terms >= 0) this.seriesCoefficients(d0, d, terms)
    for (let k = 0; k < K; k++) {
      if (terms >= 0 && Number.isFinite(this.logs[k])) vals[k] += this.series(this.logs[k], terms)
      else {
        const r = P[i * K + k] / p0[i]
        for (let s = 0; s < d; s++) vals[k] += base[s] * Math.pow(r, g.depGamma[d0 + s])
      }
    }
  }

  /** coef[m] = Σ_s base_s γ_s^m / m!, so that Σ_s base_s (p / p0)^γ_s = Σ_m coef[m] log(p / p0)^m. */
  seriesCoefficients(d0: number, d: number, terms: number): void {
    const { coef, base } = this
    coef.fill(0, 0, terms + 1)
    for (let s = 0; s < d; s++) {
      const gamma = this.g.depGamma[d0 + s]
      let t = base[s]
      for (let m = 0; m <= terms; m++) {
        coef[m] += t
        t *= gamma / (m + 1)
      }
    }
  }

  series(l: number, terms: number): number {
    let y = this.coef[terms]
    for (let m = terms - 1; m >= 0; m--) y = y * l + this.coef[m]
    return y
  }

  /** Item m moved: its dependents' factors change; every item whose score reads m's price is re-scored. */
  moved(m: number): void {
    const { depStart, depJ, linkStart, linkOf } = this.g
    this.dirty[m] = 1
    for (let s = linkStart[m]; s < linkStart[m + 1]; s++) this.dirty[linkOf[s]] = 1
    for (let s = depStart[m]; s < depStart[m + 1]; s++) {
      const j = depJ[s]
      this.dirty[j] = 1
      this.stale[j] = 1
      for (let t = linkStart[j]; t < linkStart[j + 1]; t++) this.dirty[linkOf[t]] = 1
    }
  }

  /** The portfolio objective, as `jointValue` adds it. */
  total(): number {
    const { pr, cur } = this
    let v = 0
    for (let i = 0; i < pr.n; i++) {
      v += pr.value(i, cur[i], pr.Q[i * pr.K + this.choice[i]] * this.factor(i))
      if (pr.priceTerm) v += pr.priceTerm(i, cur[i])
    }
    return v
  }
}

/** How many series terms keep x^(m+1) / (m+1)! under SERIES_TAIL. */
function seriesTerms(x: number): number {
  let t = 1
  let m = 0
  while (m < MAX_TERMS && t * x > SERIES_TAIL * (m + 1)) {
    m++
    t *= x / m
  }
  return m
}

/**
 * Coordinate ascent from `choice` (changed in place) until no item moves. Item by item in index
 * order as before, but an item is re-scored only when a price its score reads has moved since it
 * last stayed put (its links', its dependents', its dependents' links'): scoring it again would
 * give the same numbers, so the sweeps, moves and end point are those of scoring every item.
 */
export function jointAscent(pr: JointProblem, choice: Int32Array): AscentResult {
  const a = new Ascent(pr, choice)
  const { n, K, P } = pr
  let sweeps = 0
  let moved = true
  while (moved && sweeps < MAX_SWEEPS) {
    moved = false
    sweeps++
    for (let i = 0; i < n; i++) {
      if (pr.frozen[i] || !a.dirty[i]) continue
      a.dirty[i] = 0
      a.score(i)
      const now = a.vals[choice[i]]
      let best = choice[i]
      let bestV = now
      for (let k = 0; k < K; k++) {
        // A slot the search has not filled yet holds price 0: never a price to move to (with a complement
        // its neighbours' term is 0^γ = ∞, and under a margin objective its −0 beat every loss-making price).
        if (!(P[i * K + k] > 0)) continue
        const v = a.vals[k]
        if (v > bestV + GAIN * Math.max(1, Math.abs(now))) {
          bestV = v
          best = k
        }
      }
      if (best !== choice[i]) {
        choice[i] = best
        a.cur[i] = P[i * K + best]
        a.moved(i)
        moved = true
      }
    }
  }
  return { value: a.total(), sweeps, converged: !moved }
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
