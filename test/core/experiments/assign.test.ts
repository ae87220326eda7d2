import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { assignArms, HOLDOUT, type AssignUnit } from '../../../src/core/experiments/assign'
import { murmur3 } from '../../../src/core/experiments/hash'

const units = (n: number, strata = 1): AssignUnit[] =>
  Array.from({ length: n }, (_, i) => ({ id: `u${i}`, stratum: `s${i % strata}`, cluster: null }))
const two = [
  { name: 'control', weight: 1 },
  { name: 'treatment', weight: 1 }
]
const base = { seed: 42, arms: two, stratified: false, holdout: 0, pinned: new Map<string, string>() }

describe('assignment (pricelab-assign-v1)', () => {
  it('uses the reference MurmurHash3 x86_32', () => {
    // Reference values of MurmurHash3_x86_32 over the UTF-16LE bytes of the string.
    expect(murmur3('', 0)).toBe(0)
    expect(murmur3('', 1)).toBe(0x514e28b7)
    expect(murmur3('ab', 0)).toBe(murmur3('ab', 0))
    expect(murmur3('ab', 0)).not.toBe(murmur3('ba', 0))
  })

  it('is reproducible, and adding units or an arm moves nobody else', () => {
    const a = assignArms(units(1000), base)
    expect(assignArms(units(1000), base)).toEqual(a)
    expect(assignArms(units(1000), { ...base, seed: 43 })).not.toEqual(a)
    const more = assignArms(units(1500), base)
    for (const [id, arm] of a) expect(more.get(id)).toBe(arm)
    const three = assignArms(units(1000), { ...base, arms: [...two, { name: 'deep', weight: 1 }] })
    for (const [id, arm] of three) if (arm !== 'deep') expect(a.get(id)).toBe(arm)
    const deep = [...three.values()].filter((x) => x === 'deep').length
    expect(deep).toBeGreaterThan(270)
    expect(deep).toBeLessThan(400)
  })

  it('splits every stratum within one unit of the target ratio (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 400 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 4 }),
        (n, strata, seed, weights) => {
          const arms = weights.map((w, k) => ({ name: `a${k}`, weight: w }))
          const total = weights.reduce((s, w) => s + w, 0)
          const us = units(n, strata)
          const r = assignArms(us, { ...base, seed, arms, stratified: true })
          for (let s = 0; s < strata; s++) {
            const members = us.filter((u) => u.stratum === `s${s}`)
            arms.forEach((a) => {
              const got = members.filter((u) => r.get(u.id) === a.name).length
              expect(Math.abs(got - (members.length * a.weight) / total)).toBeLessThanOrEqual(1)
            })
          }
        }
      ),
      { numRuns: 200, seed: 11 }
    )
  })

  it('keeps clusters together, honours pins and the holdout share', () => {
    const us: AssignUnit[] = Array.from({ length: 3000 }, (_, i) => ({
      id: `c${i}`,
      stratum: 'all',
      cluster: `t${i % 300}`
    }))
    const r = assignArms(us, { ...base, holdout: 0.1, pinned: new Map([['c7', 'treatment']]) })
    const byCluster = new Map<string, Set<string>>()
    for (const u of us)
      if (u.id !== 'c7')
        byCluster.set(
          u.cluster as string,
          (byCluster.get(u.cluster as string) ?? new Set()).add(r.get(u.id) as string)
        )
    expect([...byCluster.values()].every((s) => s.size === 1)).toBe(true)
    expect(r.get('c7')).toBe('treatment')
    const held = [...r.values()].filter((a) => a === HOLDOUT).length
    expect(held / us.length).toBeGreaterThan(0.05)
    expect(held / us.length).toBeLessThan(0.15)
  })
})
