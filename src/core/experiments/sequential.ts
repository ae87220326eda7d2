import type { Interval } from '../../shared/experiments'

/**
 * Always-valid inference by the mixture sequential probability ratio test (Robbins 1970;
 * Johari et al. 2017, as Optimizely and Eppo use it): with an estimate Δ̂ of variance V and
 * a normal mixing distribution N(0, τ²) over the effect, the likelihood ratio
 * Λ = √(V / (V + τ²)) · exp(τ²Δ̂² / (2V(V + τ²))) exceeds 1/α with probability at most α
 * over every look, however often the test is read. The confidence sequence inverts it.
 */
export interface Sequential {
  p_value: number
  ci: Interval
}

export function alwaysValid(diff: number, variance: number, tau: number, alpha: number): Sequential | null {
  const t2 = tau * tau
  if (!(variance > 0) || !(t2 > 0)) return null
  const logLambda =
    0.5 * Math.log(variance / (variance + t2)) + (t2 * diff * diff) / (2 * variance * (variance + t2))
  const half = Math.sqrt(
    ((variance * (variance + t2)) / t2) * (Math.log((variance + t2) / variance) - 2 * Math.log(alpha))
  )
  return { p_value: Math.min(1, Math.exp(-logLambda)), ci: { low: diff - half, high: diff + half } }
}
