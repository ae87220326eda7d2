/**
 * Seeded pseudo-random numbers (xoshiro128**, seeded by splitmix32). Everything the
 * generator, the bootstrap and the A/B assignment draw comes from here, so a seed
 * reproduces a run exactly on every platform (no Math.random anywhere in core).
 */
export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number
  private spare: number | null = null

  constructor(seed: number) {
    let s = seed >>> 0
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0
    const t = this.b << 9
    this.c ^= this.a
    this.d ^= this.b
    this.b ^= this.c
    this.a ^= this.d
    this.c ^= t
    this.d = rotl(this.d, 11)
    return r
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next()
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  bernoulli(p: number): boolean {
    return this.next() < p
  }

  normal(mean = 0, sd = 1): number {
    if (this.spare !== null) {
      const v = this.spare
      this.spare = null
      return mean + sd * v
    }
    let u = 0
    while (u === 0) u = this.next()
    const v = this.next()
    const r = Math.sqrt(-2 * Math.log(u))
    this.spare = r * Math.sin(2 * Math.PI * v)
    return mean + sd * r * Math.cos(2 * Math.PI * v)
  }

  exponential(rate: number): number {
    return -Math.log(1 - this.next()) / rate
  }

  /** Poisson draw: inversion for small means, PTRS (Hörmann 1993) for large ones. */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0
    if (lambda < 12) {
      const l = Math.exp(-lambda)
      let k = 0
      let p = this.next()
      while (p > l) {
        k++
        p *= this.next()
      }
      return k
    }
    const slam = Math.sqrt(lambda)
    const logLam = Math.log(lambda)
    const b = 0.931 + 2.53 * slam
    const a = -0.059 + 0.02483 * b
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4)
    const vr = 0.9277 - 3.6224 / (b - 2)
    for (;;) {
      const u = this.next() - 0.5
      const v = this.next()
      const us = 0.5 - Math.abs(u)
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43)
      if (us >= 0.07 && v <= vr) return k
      if (k < 0 || (us < 0.013 && v > us)) continue
      if (
        Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <=
        -lambda + k * logLam - logFactorial(k)
      )
        return k
    }
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]
  }

  /** Index drawn with probability proportional to weights (linear scan; for many draws use AliasTable). */
  weightedIndex(weights: readonly number[]): number {
    let total = 0
    for (const w of weights) total += w
    let r = this.next() * total
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]
      if (r < 0) return i
    }
    return weights.length - 1
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0
}

const LOG_FACT_CACHE: number[] = [0]
export function logFactorial(k: number): number {
  if (k < 256) {
    for (let i = LOG_FACT_CACHE.length; i <= k; i++) LOG_FACT_CACHE[i] = LOG_FACT_CACHE[i - 1] + Math.log(i)
    return LOG_FACT_CACHE[k]
  }
  // Stirling series: accurate to ~1e-10 here.
  const x = k + 1
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x)
}

/** Walker's alias table: O(1) draws from a fixed discrete distribution. */
export class AliasTable {
  private readonly prob: Float64Array
  private readonly alias: Int32Array

  constructor(weights: ArrayLike<number>) {
    const n = weights.length
    if (n === 0) throw new Error('AliasTable needs at least one weight')
    let total = 0
    for (let i = 0; i < n; i++) total += weights[i]
    if (!(total > 0)) throw new Error('AliasTable needs a positive total weight')
    this.prob = new Float64Array(n)
    this.alias = new Int32Array(n)
    const scaled = new Float64Array(n)
    const small: number[] = []
    const large: number[] = []
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i] * n) / total
      ;(scaled[i] < 1 ? small : large).push(i)
    }
    while (small.length && large.length) {
      const s = small.pop() as number
      const l = large.pop() as number
      this.prob[s] = scaled[s]
      this.alias[s] = l
      scaled[l] = scaled[l] + scaled[s] - 1
      ;(scaled[l] < 1 ? small : large).push(l)
    }
    for (const i of large) this.prob[i] = 1
    for (const i of small) this.prob[i] = 1
  }

  sample(rng: Rng): number {
    const i = rng.int(this.prob.length)
    return rng.next() < this.prob[i] ? i : this.alias[i]
  }
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x))
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x
}

/** 0 … n−1 in a seeded Fisher–Yates order (the same seed gives the same order everywhere). */
export function shuffledIndices(n: number, seed: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i)
  const rng = new Rng(seed)
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const t = order[i]
    order[i] = order[j]
    order[j] = t
  }
  return order
}
