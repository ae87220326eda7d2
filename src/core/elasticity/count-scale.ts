/**
 * The models fit y = log(q + 1) (counts can be zero). Turning a predicted E[y] back
 * into a mean count with expm1 is biased low (Jensen), which would overstate
 * elasticities by a few percent. For a Poisson count with mean λ,
 *   E[log(1 + q)] ≈ log(1 + λ) − λ / (2(1 + λ)²)            (second-order delta method),
 * so we invert that for λ, and use its derivative for the log(q + 1) → log q slope.
 */
export function meanCount(logMean: number): number {
  if (!(logMean > 0)) return Math.max(0, Math.expm1(logMean))
  let lam = Math.expm1(logMean)
  for (let k = 0; k < 6; k++) {
    const f = Math.log1p(lam) - lam / (2 * (1 + lam) ** 2) - logMean
    const df = 1 / (1 + lam) - (1 - lam) / (2 * (1 + lam) ** 3)
    const next = lam - f / df
    if (!Number.isFinite(next) || next <= 0) break
    if (Math.abs(next - lam) < 1e-10 * (1 + lam)) {
      lam = next
      break
    }
    lam = next
  }
  return lam
}

/** d E[log(1 + q)] / d log λ at the mean count λ: converts a slope on log(q + 1) into an elasticity of q. */
export function logScaleSlope(lambda: number): number {
  if (!(lambda > 0)) return 0
  return lambda / (1 + lambda) - (lambda * (1 - lambda)) / (2 * (1 + lambda) ** 3)
}
