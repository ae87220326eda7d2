import { describe, expect, it } from 'vitest'
import { AliasTable, Rng } from '../../../src/core/util/rng'

describe('Rng', () => {
  it('is reproducible from a seed and differs across seeds', () => {
    const a = new Rng(7)
    const b = new Rng(7)
    const c = new Rng(8)
    const sa = Array.from({ length: 5 }, () => a.nextU32())
    expect(Array.from({ length: 5 }, () => b.nextU32())).toEqual(sa)
    expect(Array.from({ length: 5 }, () => c.nextU32())).not.toEqual(sa)
  })

  it('draws Poisson counts with the right mean and variance, small and large', () => {
    const r = new Rng(1)
    for (const lambda of [3, 40]) {
      const xs = Array.from({ length: 40_000 }, () => r.poisson(lambda))
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length
      const v = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length
      expect(Math.abs(mean - lambda)).toBeLessThan(0.05 * lambda)
      expect(Math.abs(v - lambda)).toBeLessThan(0.08 * lambda)
    }
  })

  it('alias table samples in proportion to weights', () => {
    const r = new Rng(3)
    const t = new AliasTable([1, 2, 7])
    const n = [0, 0, 0]
    for (let i = 0; i < 50_000; i++) n[t.sample(r)]++
    expect(n[0] / 50_000).toBeCloseTo(0.1, 1)
    expect(n[2] / 50_000).toBeCloseTo(0.7, 1)
  })
})
