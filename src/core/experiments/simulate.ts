import type { Rng } from '../util/rng'
import type { ResultRow } from './results-file'

/**
 * Unit-level A/B results with a known truth, to check that the analysis holds its
 * error rate. Each unit has its own conversion rate drawn from a beta distribution
 * whose intra-unit correlation is `icc` (beta-binomial: ICC = 1 / (a + b + 1)), its
 * own number of exposures (skewed: some units are seen far more than others) and its
 * own order value; the treatment multiplies every unit's rate by 1 + lift.
 */
export interface SimSpec {
  /** Units per arm: [control, treatment]. */
  units: [number, number]
  /** Mean conversion rate per exposure. */
  rate: number
  /** Intra-unit correlation of conversions (0: every exposure independent). */
  icc: number
  /** Relative lift of the treatment's conversion rate (0: a null experiment). */
  lift: number
  /** Mean exposures per unit. */
  exposures: number
  /** Mean revenue per conversion. */
  orderValue: number
  /** Units' own pre-period revenue rows as a covariate (CUPED), correlated with their rate. */
  withPre?: boolean
}

/** Gamma(shape, 1) draw: Marsaglia and Tsang (2000), boosted for shape < 1. */
export function gamma(rng: Rng, shape: number): number {
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(rng.next() || 1e-300, 1 / shape)
  const d = shape - 1 / 3
  const c = 1 / Math.sqrt(9 * d)
  for (;;) {
    let x: number
    let v: number
    do {
      x = rng.normal()
      v = 1 + c * x
    } while (v <= 0)
    v = v * v * v
    const u = rng.next()
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v
  }
}

export function beta(rng: Rng, a: number, b: number): number {
  const x = gamma(rng, a)
  return x / (x + gamma(rng, b))
}

/** Binomial draw as summed Bernoullis (exposures per unit are in the tens). */
export function binomial(rng: Rng, n: number, p: number): number {
  let k = 0
  for (let i = 0; i < n; i++) if (rng.next() < p) k++
  return k
}

/** One unit's own conversion rate, with the intra-unit correlation asked. */
function unitRate(rng: Rng, rate: number, icc: number): number {
  if (icc <= 0) return rate
  const s = (1 - icc) / icc
  return beta(rng, rate * s, (1 - rate) * s)
}

export function simulateUnits(rng: Rng, spec: SimSpec): ResultRow[] {
  const rows: ResultRow[] = []
  ;(['control', 'treatment'] as const).forEach((arm, k) => {
    for (let i = 0; i < spec.units[k]; i++) {
      const p = unitRate(rng, spec.rate, spec.icc)
      // Lognormal exposure intensity with mean 1 (σ = 0.8): a long tail of busy units.
      const exposures = 1 + rng.poisson((spec.exposures - 1) * Math.exp(rng.normal(-0.32, 0.8)))
      const shown = Math.min(1, p * (1 + (k === 1 ? spec.lift : 0)))
      const conversions = binomial(rng, exposures, shown)
      const value = spec.orderValue * Math.exp(rng.normal(-0.125, 0.5))
      const pre = spec.withPre ? binomial(rng, exposures, p) * value : null
      rows.push({
        unit: `${arm}-${i}`,
        arm,
        exposures,
        conversions,
        revenue: conversions * value,
        price: null,
        pre
      })
    }
  })
  return rows
}

/**
 * A switchback test with a known effect: `units` units over `periods` periods, each unit's (or
 * cluster's) arm alternating every `block` periods from a random first arm. A unit's revenue per period is its own
 * level (lognormal, varying a lot between units) × a period level shared by all units × noise,
 * plus `effect` in treatment periods; `carryover` of the effect lingers one period after a switch
 * from treatment (and is missing one period after a switch to it).
 */
export interface SwitchbackSpec {
  units: number
  periods: number
  effect: number
  /** Share of the effect that spills into the period after a switch (0: none). */
  carryover: number
  /** Units per cluster (store): cells of one cluster share a cluster × period shock; 1 = no clusters. */
  perCluster?: number
  /** Periods each arm lasts before switching (default 1: arms alternate every period). */
  block?: number
  /** Sd of the shock a cluster's cells share in a period (default 8; the cell's own noise has sd 10). */
  shock?: number
}

export function simulateSwitchback(rng: Rng, spec: SwitchbackSpec): ResultRow[] {
  const rows: ResultRow[] = []
  const level = Array.from({ length: spec.periods }, () => Math.exp(0.3 * rng.normal()))
  const per = spec.perCluster ?? 1
  let shocks: number[] = []
  let first = false
  for (let u = 0; u < spec.units; u++) {
    if (u % per === 0) {
      shocks = Array.from({ length: spec.periods }, () => (spec.shock ?? 8) * rng.normal())
      first = rng.next() < 0.5
    }
    const own = 100 * Math.exp(0.8 * rng.normal())
    const block = spec.block ?? 1
    const treatedAt = (t: number) => (Math.floor(t / block) % 2 === 0) === first
    for (let t = 0; t < spec.periods; t++) {
      const treated = treatedAt(t)
      const switched = t > 0 && treatedAt(t - 1) !== treated
      const spill = spec.effect * spec.carryover
      const effect = treated ? spec.effect - (switched ? spill : 0) : switched ? spill : 0
      const revenue = own * level[t] + shocks[t] + 10 * rng.normal() + effect
      rows.push({
        unit: `u${u}`,
        arm: treated ? 'treatment' : 'control',
        exposures: 100,
        conversions: 0,
        revenue,
        price: null,
        cluster: per > 1 ? `c${Math.floor(u / per)}` : null,
        period: String(t + 1)
      })
    }
  }
  return rows
}
