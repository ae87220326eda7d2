import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { tempDir, writeFile, cli } from '../helpers'
import { Rng } from '../../src/core/util/rng'

/** sku,week,price,units: `items` items over `weeks` weeks, prices varying within items, demand with elasticity −2. */
function salesCsv(opts: {
  items: number
  weeks: number
  units?: (rng: Rng, price: number) => number
}): string {
  const rng = new Rng(7)
  const lines = ['sku,week,price,units']
  for (let i = 0; i < opts.items; i++)
    for (let w = 0; w < opts.weeks; w++) {
      const price = Math.round((10 + i) * (rng.bernoulli(0.3) ? 0.8 : 1) * 100) / 100
      const units = opts.units ? opts.units(rng, price) : rng.poisson(50 * (price / (10 + i)) ** -2)
      lines.push(
        `S${i},${new Date(Date.UTC(2025, 0, 6 + 7 * w)).toISOString().slice(0, 10)},${price},${units}`
      )
    }
  return lines.join('\n') + '\n'
}

const roles = ['--price', 'price', '--quantity', 'units', '--item', 'sku', '--period', 'week']

describe('pricelab elasticity refuses data no elasticity can come from (exit 1, the reason on stderr)', () => {
  it('all-zero quantities', async () => {
    const csv = writeFile(tempDir(), 'zero.csv', salesCsv({ items: 6, weeks: 20, units: () => 0 }))
    const r = await cli('elasticity', '--csv', csv, ...roles, '--json')
    expect(r.code).toBe(1)
    const j = JSON.parse(r.out)
    expect(j.error.code).toBe('invalid_input')
    expect(j.error.message).toMatch(/every quantity is 0/)
  })

  it('constant quantities', async () => {
    const csv = writeFile(tempDir(), 'flat.csv', salesCsv({ items: 6, weeks: 20, units: () => 7 }))
    const r = await cli('elasticity', '--csv', csv, ...roles)
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/every quantity is 7/)
  })

  it('one item', async () => {
    const csv = writeFile(tempDir(), 'one.csv', salesCsv({ items: 1, weeks: 60 }))
    const r = await cli('elasticity', '--csv', csv, ...roles)
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/only one item \("S0"\)/)
  })

  it('no price change within any item (the default within-item estimate is not identified)', async () => {
    const dir = tempDir()
    const rng = new Rng(3)
    const lines = ['sku,week,price,units']
    for (let i = 0; i < 8; i++)
      for (let w = 0; w < 10; w++)
        lines.push(
          `S${i},${new Date(Date.UTC(2025, 0, 6 + 7 * w)).toISOString().slice(0, 10)},${10 + i},${rng.poisson(20)}`
        )
    const csv = writeFile(dir, 'fixed.csv', lines.join('\n') + '\n')
    const r = await cli('elasticity', '--csv', csv, ...roles)
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/no item's price ever changes/)
  })
})

describe('pricelab elasticity --json adds the recommended elasticity', () => {
  it('per segment (value, interval, source, reason) and the top-level source; existing fields stay', async () => {
    const dir = tempDir()
    const csv = writeFile(dir, 'sales.csv', salesCsv({ items: 12, weeks: 30 }))
    const r = await cli('elasticity', '--csv', csv, ...roles, '--models', 'ols,gbm', '--json')
    expect(r.code, r.err).toBe(0)
    const j = JSON.parse(r.out)
    expect(j.validation).toBe('time')
    expect(['debiased', 'ols', 'gbm']).toContain(j.recommended_model)
    expect(j.best_model).not.toBeUndefined()
    expect(j.item_elasticities).toHaveLength(12)
    const s = j.segments[0]
    for (const k of ['elasticity', 'ci_low', 'ci_high', 'debiased', 'debiased_ci_low', 'debiased_ci_high'])
      expect(k in s).toBe(true)
    expect(Math.abs(s.recommended + 2)).toBeLessThan(0.25)
    expect(s.recommended_ci_low).toBeLessThan(s.recommended)
    expect(s.recommended_ci_high).toBeGreaterThan(s.recommended)
    expect(typeof s.recommended_from).toBe('string')
    expect(s.recommended_reason).toMatch(/debiased|OLS|best fit/)
    void join
  })
})
