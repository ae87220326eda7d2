import { describe, expect, it } from 'vitest'
import { optimizePrices } from '../../../src/core/pricing/optimize'
import { withCross, type CrossLink } from '../../../src/core/pricing/demand-system'
import { DEFAULT_SETTINGS } from '../../../src/shared/pricing/defaults'
import { currency } from '../../../src/core/pricing/units'
import { multiSeed } from '../../multi-seed'
import { constantElasticity, item, open, type TestItem } from './fixtures'

/** A small seeded generator (mulberry32): the fixtures differ by seed, never by run. */
function rng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Stores × 3 brands that are COMPLEMENTS inside a store (γ = −0.6): a cut on one brand lifts the
 * others' volume. The greedy exchange trades each item's volume at the other items' free-optimum
 * prices, so it cannot see that cutting them all lifts each one; the joint step can.
 */
function complementPanel(seed: number, stores = 8) {
  const r = rng(seed)
  const items: TestItem[] = []
  const B = 3
  for (let s = 0; s < stores; s++)
    for (let b = 0; b < B; b++) {
      const price = 2 + 3 * r()
      items.push(item(`s${s}-${b}`, price, -2 - r(), { segment: `B${b}`, cost: price * 0.7 }))
    }
  const links: CrossLink[][] = items.map(() => [])
  for (let s = 0; s < stores; s++)
    for (let b = 0; b < B; b++)
      for (let o = 0; o < B; o++)
        if (o !== b) links[s * B + b].push({ of: s * B + o, elasticity: -0.6, low: -0.6, high: -0.6 })
  return { items, demand: withCross(constantElasticity(items), items, links) }
}

const FLOOR = /^the volume floor \(/

describe('the volume floor warning says what the sheet as written does', () => {
  // Before: the exchange's "cannot be met" stayed after the joint step had met the floor (seeds 1 and 3 at
  // 200% and 220%), and a floor that do no harm broke afterwards went unsaid (seed 2 at 150%: 146.4%).
  it('warns exactly when the final prices keep less than the floor, with every cross term counted (seeds 1–4, floors 150/200/220%)', async () => {
    const runs: { share: number; kept: number; warned: boolean }[][] = []
    for (const seed of [1, 2, 3, 4]) {
      const { items, demand } = complementPanel(seed)
      const all = Int32Array.from(items, (_, i) => i)
      const q0 = (
        await demand(
          all,
          Float64Array.from(items, (it) => it.current_price)
        )
      ).reduce((s, x) => s + x, 0)
      const row: (typeof runs)[number] = []
      for (const share of [1.5, 2.0, 2.2]) {
        const res = await optimizePrices(items, demand, {
          ...DEFAULT_SETTINGS,
          objective: 'margin',
          min_volume_share: share,
          guardrails: open({ max_increase: 0.2, max_decrease: 0.2 }),
          unit: currency(4)
        })
        const p = Float64Array.from(res.items, (x) => x.price)
        const kept = (await demand(all, p)).reduce((s, x) => s + x, 0) / q0
        row.push({ share, kept, warned: res.warnings.some((w) => FLOOR.test(w)) })
      }
      runs.push(row)
    }
    multiSeed(
      [1, 2, 3, 4],
      (seed) => runs[seed - 1],
      (row) => {
        for (const r of row)
          expect(r.warned, `floor ${r.share}: kept ${r.kept}`).toBe(r.kept < r.share * (1 - 1e-4))
      },
      (row) => row.map((r) => `${r.share}: kept ${r.kept.toFixed(4)} warned ${r.warned}`).join('; ')
    )
    // The joint step meets floors the exchange alone could not reach (the case the warning was wrong about).
    expect(runs.flat().filter((r) => r.share >= 2 && !r.warned).length).toBeGreaterThanOrEqual(2)
  }, 120_000)
})
