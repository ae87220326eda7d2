import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { Rng } from '../../src/core/util/rng'
import { cli, tempDir } from '../helpers'

/**
 * A store × brand panel where one brand ("Steady") almost never changes its price: its own
 * within-item price effect is not identified. The other three brands promote (−20%) and
 * carry the information. Every brand's true elasticity is −3.
 */
async function importPanel(dir: string, seed: number): Promise<string> {
  const rng = new Rng(seed)
  const brands = [
    { name: 'Alpha', price: 2.49, promo: 0.15 },
    { name: 'Bravo', price: 2.99, promo: 0.15 },
    { name: 'Cobalt', price: 1.99, promo: 0.15 },
    { name: 'Steady', price: 3.49, promo: 0 }
  ]
  const lines = ['store,brand,item,week,price,units']
  for (let s = 0; s < 15; s++) {
    const level = 30 * Math.exp(rng.normal(0, 0.5))
    for (const b of brands) {
      let regular = Math.round((b.price + rng.uniform(-0.2, 0.2)) * 100) / 100
      for (let w = 0; w < 40; w++) {
        // Steady: a shelf-price step of a cent now and then (0.3%); never a promotion.
        if (b.promo === 0 && rng.bernoulli(0.04))
          regular = Math.round((regular + (rng.bernoulli(0.5) ? 0.01 : -0.01)) * 100) / 100
        const price = rng.bernoulli(b.promo) ? Math.round(regular * 0.8 * 100) / 100 : regular
        const day = new Date(Date.UTC(2024, 0, 1 + 7 * w)).toISOString().slice(0, 10)
        const units = rng.poisson(level * Math.exp(0.2 * rng.normal()) * (price / b.price) ** -3)
        lines.push(`S${s + 1},${b.name},S${s + 1}-${b.name},${day},${price.toFixed(2)},${units}`)
      }
    }
  }
  const csv = join(dir, 'fish.csv')
  writeFileSync(csv, lines.join('\n') + '\n')
  const db = join(dir, 'fish.pricelab')
  const roles = [
    '--item',
    'item',
    '--segment',
    'brand',
    '--period',
    'week',
    '--price',
    'price',
    '--quantity',
    'units'
  ]
  const imp = await cli('import', '--db', db, '--dataset', 'fish', ...roles, csv)
  if (imp.code !== 0) throw new Error(imp.err)
  return db
}

interface Row {
  category: string
  elasticity: number | null
  elasticity_low: number | null
  elasticity_high: number | null
  elasticity_source?: string | null
  reasoning: string
}

describe('a segment whose price effect is not identified is priced with the pooled estimate (issue 25)', () => {
  it.each([1, 2, 3])(
    'seed %i: the brand that never moves its price is flagged and priced with the pooled elasticity, and the sheet says so',
    async (seed) => {
      const dir = tempDir()
      const db = await importPanel(dir, seed)
      const e = await cli('elasticity', '--db', db, '--dataset', 'fish', '--models', 'ols,gbm', '--json')
      expect(e.code, e.err).toBe(0)
      const seg = JSON.parse(e.out).segments as {
        segment: string
        identified: boolean
        recommended: number | null
        recommended_ci_low: number | null
        recommended_ci_high: number | null
      }[]
      const steady = seg.find((s) => s.segment === 'Steady')
      expect(steady?.identified).toBe(false)
      for (const s of seg.filter((x) => x.segment !== 'Steady')) expect(s.identified, s.segment).toBe(true)
      const o = await cli('optimize', '--db', db, '--out', join(dir, 'p.csv'), '--json')
      expect(o.code, o.err).toBe(0)
      const j = JSON.parse(o.out) as { rows: Row[]; warnings: string[] }
      const steadyRows = j.rows.filter((r) => r.category === 'Steady')
      expect(steadyRows.length).toBe(15)
      const others = seg.filter((x) => x.segment !== 'Steady').map((s) => s.recommended as number)
      for (const r of steadyRows) {
        expect(r.elasticity_source).toBe('pooled')
        // The pooled value lies among the identified brands' estimates, its interval below zero and
        // wider than the narrowest of theirs; never the brand's own noisy value.
        expect(r.elasticity as number).toBeGreaterThanOrEqual(Math.min(...others) - 1e-9)
        expect(r.elasticity as number).toBeLessThanOrEqual(Math.max(...others) + 1e-9)
        expect(r.elasticity_high as number).toBeLessThan(0)
        expect(r.elasticity_low as number).toBeGreaterThan(-6)
        expect(r.reasoning).toContain('pooled elasticity')
      }
      for (const r of j.rows.filter((x) => x.category !== 'Steady'))
        expect(r.elasticity_source).not.toBe('pooled')
      expect(j.warnings.join(' ')).toMatch(/brand Steady: its own price effect is not identified/)
    },
    120_000
  )
})
