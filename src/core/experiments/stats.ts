/**
 * The distributions A/B test design and analysis need, in plain TypeScript:
 * normal, Student t (central and noncentral) and chi-square. Accurate to ~1e-10
 * where it matters (checked against SciPy in the tests), so power and sample
 * sizes agree with statsmodels to well beyond three significant digits.
 */

/** log Γ(x), Lanczos (g = 7, n = 9). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
  ]
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x)
  x -= 1
  let a = c[0]
  const t = x + 7.5
  for (let i = 1; i < 9; i++) a += c[i] / (x + i)
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a)
}

/** erfc with relative error < 1.2e-7 is not enough here: use a continued fraction / series pair. */
export function normalCdf(z: number): number {
  if (z < -38) return 0
  if (z > 38) return 1
  // Φ(z) = ½·erfc(−z/√2), erfc via the regularized upper incomplete gamma Q(½, x²).
  const x = z / Math.SQRT2
  const q = 0.5 * gammaQ(0.5, x * x)
  return x < 0 ? q : 1 - q
}

/** Φ⁻¹(p): Acklam's rational approximation refined by two Newton steps. */
export function normalPpf(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity
    if (p === 1) return Infinity
    return NaN
  }
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239
  ]
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572]
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783
  ]
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
  const pl = 0.02425
  let x: number
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p))
    x =
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
  } else if (p <= 1 - pl) {
    const q = p - 0.5
    const r = q * q
    x =
      ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p))
    x =
      -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
  }
  for (let k = 0; k < 2; k++) {
    const e = normalCdf(x) - p
    x -= e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2)
  }
  return x
}

/** Regularized lower incomplete gamma P(a, x). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0
  if (x < a + 1) {
    let sum = 1 / a
    let term = sum
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n)
      sum += term
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break
    }
    return sum * Math.exp(-x + a * Math.log(x) - logGamma(a))
  }
  return 1 - gammaQ(a, x)
}

/** Regularized upper incomplete gamma Q(a, x) (Lentz continued fraction for x ≥ a + 1). */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1
  if (x < a + 1) return 1 - gammaP(a, x)
  const tiny = 1e-300
  let b = x + 1 - a
  let c = 1 / tiny
  let d = 1 / b
  let h = d
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < tiny) d = tiny
    c = b + an / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < 1e-16) break
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h
}

/** Chi-square survival function: P(X > x) with k degrees of freedom. */
export function chiSquareSf(x: number, k: number): number {
  return gammaQ(k / 2, x / 2)
}

/** Regularized incomplete beta I_x(a, b) (continued fraction, Numerical Recipes' betacf). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const lbt = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x)
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lbt) * betaCf(x, a, b)) / a
  return 1 - (Math.exp(lbt) * betaCf(1 - x, b, a)) / b
}

function betaCf(x: number, a: number, b: number): number {
  const tiny = 1e-300
  const qab = a + b
  const qap = a + 1
  const qam = a - 1
  let c = 1
  let d = 1 - (qab * x) / qap
  if (Math.abs(d) < tiny) d = tiny
  d = 1 / d
  let h = d
  for (let m = 1; m <= 3000; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < 1e-16) break
  }
  return h
}

/** Student t CDF with ν degrees of freedom. */
export function tCdf(t: number, nu: number): number {
  if (!Number.isFinite(nu) || nu > 1e7) return normalCdf(t)
  const x = nu / (nu + t * t)
  const tail = 0.5 * incompleteBeta(x, nu / 2, 0.5)
  return t > 0 ? 1 - tail : tail
}

/** Student t quantile: Newton from the normal quantile, safeguarded by bisection. */
export function tPpf(p: number, nu: number): number {
  if (!Number.isFinite(nu) || nu > 1e7) return normalPpf(p)
  let lo = -1e4
  let hi = 1e4
  let x = normalPpf(p)
  for (let k = 0; k < 200; k++) {
    const f = tCdf(x, nu) - p
    if (Math.abs(f) < 1e-15) break
    if (f > 0) hi = x
    else lo = x
    const dens = Math.exp(
      logGamma((nu + 1) / 2) -
        logGamma(nu / 2) -
        0.5 * Math.log(nu * Math.PI) -
        ((nu + 1) / 2) * Math.log1p((x * x) / nu)
    )
    let next = x - f / dens
    if (!(next > lo && next < hi)) next = (lo + hi) / 2
    if (Math.abs(next - x) < 1e-14 * Math.max(1, Math.abs(x))) {
      x = next
      break
    }
    x = next
  }
  return x
}

/**
 * Noncentral t CDF P(T ≤ t) with ν degrees of freedom and noncentrality δ
 * (Lenth 1989, algorithm AS 243), as statsmodels' t-test power uses.
 */
export function nctCdf(t: number, nu: number, delta: number): number {
  if (t < 0) return 1 - nctCdf(-t, nu, -delta)
  const x = (t * t) / (t * t + nu)
  const lambda = (delta * delta) / 2
  const a = nu / 2
  let tnc = 0
  if (x > 0 && lambda === 0) tnc = 0.5 * incompleteBeta(x, 0.5, a)
  else if (x > 0) {
    // F = Φ(−δ) + ½ Σ_j [p_j I_x(j + ½, ν/2) + q_j I_x(j + 1, ν/2)], Poisson weights p_j, q_j;
    // summed from the mode of the weights outwards, both ways, until the terms vanish.
    const logL = Math.log(lambda)
    const term = (j: number) =>
      Math.exp(-lambda + j * logL - logGamma(j + 1)) * incompleteBeta(x, j + 0.5, a) +
      (delta / Math.SQRT2) * Math.exp(-lambda + j * logL - logGamma(j + 1.5)) * incompleteBeta(x, j + 1, a)
    const mode = Math.floor(lambda)
    let sum = 0
    for (let j = mode; j < mode + 100_000; j++) {
      const s = term(j)
      sum += s
      if (j > mode + 5 && Math.abs(s) < 1e-17) break
    }
    for (let j = mode - 1; j >= 0; j--) {
      const s = term(j)
      sum += s
      if (mode - j > 5 && Math.abs(s) < 1e-17) break
    }
    tnc = sum / 2
  }
  const value = tnc + normalCdf(-delta)
  return Math.min(1, Math.max(0, value))
}
