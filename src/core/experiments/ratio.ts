import type { Baseline } from '../../shared/experiments'

/**
 * Estimators at the unit of randomization. A conversion rate (conversions ÷
 * exposures) or revenue per exposure pooled over units is a ratio of two sums;
 * its sampling variance comes from how units differ, not from how many exposures
 * there were. The delta method (as GrowthBook and Eppo use) linearizes the ratio
 * R = Σy / Σx around its value: Var(R̂) ≈ (s²_y − 2R·s_xy + R²·s²_x) / (n·x̄²), with
 * n units and sample (co)variances over units. With x ≡ 1 it is the plain s²/n of
 * a mean, so revenue per unit is the same estimator (and Welch's test as before).
 */
export interface RatioEstimate {
  value: number
  /** Sampling variance of the ratio (delta method over units). */
  variance: number
  /** Units (or clusters) the variance was estimated over. */
  n: number
}

export function ratioEstimate(num: readonly number[], den: readonly number[]): RatioEstimate {
  const n = num.length
  let sy = 0
  let sx = 0
  for (let i = 0; i < n; i++) {
    sy += num[i]
    sx += den[i]
  }
  if (!n || !(sx > 0)) return { value: 0, variance: 0, n }
  const my = sy / n
  const mx = sx / n
  const r = sy / sx
  if (n < 2) return { value: r, variance: 0, n }
  let vyy = 0
  let vxx = 0
  let vxy = 0
  for (let i = 0; i < n; i++) {
    const dy = num[i] - my
    const dx = den[i] - mx
    vyy += dy * dy
    vxx += dx * dx
    vxy += dx * dy
  }
  const variance = Math.max(0, (vyy - 2 * r * vxy + r * r * vxx) / (n - 1) / (n * mx * mx))
  return { value: r, variance, n }
}

/** Welch–Satterthwaite degrees of freedom of a difference of two independent estimates. */
export function welchDf(a: RatioEstimate, b: RatioEstimate): number {
  const v = a.variance + b.variance
  if (!(v > 0)) return Infinity
  return v ** 2 / (a.variance ** 2 / Math.max(1, a.n - 1) + b.variance ** 2 / Math.max(1, b.n - 1))
}

/**
 * A baseline for power planning of a ratio metric from pre-period (or pilot) units:
 * the mean is the ratio and the sd the per-unit sd of its linearization, so a t-test
 * plan on it needs the units the delta-method analysis will need.
 */
export function ratioBaseline(num: readonly number[], den: readonly number[]): Baseline {
  const e = ratioEstimate(num, den)
  return { kind: 'mean', mean: e.value, sd: Math.sqrt(e.variance * e.n) }
}

export interface Cuped {
  /** Regression slope of the outcome on the pre-period covariate, pooled within arms. */
  theta: number
  /** 1 − Var(adjusted) / Var(unadjusted), within arms: the share of variance the covariate removes. */
  variance_reduction: number
  /** Outcomes minus θ·(covariate − its overall mean): same expected difference, less variance. */
  adjusted: number[]
}

/**
 * CUPED (Deng et al. 2013): outcome y adjusted with a pre-period covariate x that the
 * treatment cannot have moved. θ is pooled within arms so a treatment effect does not
 * leak into it; the adjusted difference of means stays unbiased for the effect.
 */
export function cuped(y: readonly number[], x: readonly number[], arm: readonly string[]): Cuped | null {
  const groups = new Map<string, number[]>()
  arm.forEach((a, i) => {
    const g = groups.get(a) ?? []
    g.push(i)
    groups.set(a, g)
  })
  let sxx = 0
  let sxy = 0
  let syy = 0
  for (const ix of groups.values()) {
    const mx = ix.reduce((s, i) => s + x[i], 0) / ix.length
    const my = ix.reduce((s, i) => s + y[i], 0) / ix.length
    for (const i of ix) {
      sxx += (x[i] - mx) ** 2
      sxy += (x[i] - mx) * (y[i] - my)
      syy += (y[i] - my) ** 2
    }
  }
  if (!(sxx > 0) || !(syy > 0)) return null
  const theta = sxy / sxx
  const mean = x.reduce((s, v) => s + v, 0) / x.length
  return {
    theta,
    variance_reduction: Math.max(0, (sxy * sxy) / (sxx * syy)),
    adjusted: y.map((v, i) => v - theta * (x[i] - mean))
  }
}
