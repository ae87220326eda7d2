import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { cli, tempDir } from '../helpers'

describe('pricelab elasticity: cross-price effects', () => {
  it('retail sample: --json adds cross_group "store" and cross [{on, of, elasticity, ci_low, ci_high, n}] by default; --cross-group none turns it off; an unknown column is refused naming the flag', async () => {
    const db = join(tempDir(), 'r.pricelab')
    expect(
      (await cli('generate', '--db', db, '--kind', 'retail', '--seed', '2', '--scale', '0.25')).code
    ).toBe(0)
    const base = ['elasticity', '--db', db, '--dataset', 'retail_sample', '--models', 'ols', '--dml', 'off']
    const on = await cli(...base, '--json')
    expect(on.code).toBe(0)
    const j = JSON.parse(on.out)
    expect(j.cross_group).toBe('store')
    expect(j.cross).toHaveLength(42)
    const cell = j.cross.find(
      (c: { on: string; of: string }) => c.on === 'Orchard Gold' && c.of === 'Sunvale Premium'
    )
    expect(Object.keys(cell)).toEqual(
      expect.arrayContaining(['on', 'of', 'elasticity', 'ci_low', 'ci_high', 'n'])
    )
    expect(cell.elasticity).toBeGreaterThan(0.3)
    expect(cell.elasticity).toBeLessThan(0.7)
    expect(cell.reading).toBe('substitutes')
    expect(j.cross_own).toHaveLength(7)

    const text = await cli(...base)
    expect(text.out).toMatch(/cross-price elasticities within store/)
    expect(text.out).toMatch(/Orchard Gold ← Sunvale Premium: 0\.\d\d \[/)

    const off = JSON.parse((await cli(...base, '--cross-group', 'none', '--json')).out)
    expect(off.cross_group).toBeNull()
    expect(off.cross).toEqual([])

    const bad = await cli(...base, '--cross-group', 'aisle', '--json')
    expect(bad.code).toBe(1)
    expect(JSON.parse(bad.out).error.message).toMatch(
      /--cross-group aisle: dataset "retail_sample" has no column "aisle"/
    )
  }, 180_000)

  it('EdTech sample: cross_group null and cross empty', async () => {
    const db = join(tempDir(), 'e.pricelab')
    expect((await cli('generate', '--db', db, '--seed', '1', '--scale', '0.02')).code).toBe(0)
    const j = JSON.parse(
      (await cli('elasticity', '--db', db, '--models', 'ols', '--dml', 'off', '--json')).out
    )
    expect(j.cross_group).toBeNull()
    expect(j.cross).toEqual([])
  }, 120_000)
  it('--cross-top-k N: the N brands that sell most enter the matrix (N × (N − 1) cells, shrunk, with intervals, n, reading); bad values are refused naming the flag, exit 2', async () => {
    const db = join(tempDir(), 'k.pricelab')
    expect(
      (await cli('generate', '--db', db, '--kind', 'retail', '--seed', '3', '--scale', '0.25')).code
    ).toBe(0)
    const base = ['elasticity', '--db', db, '--dataset', 'retail_sample', '--models', 'ols', '--dml', 'off']
    const three = await cli(...base, '--cross-top-k', '3', '--json')
    expect(three.code).toBe(0)
    const j = JSON.parse(three.out)
    expect(j.cross_own).toHaveLength(3)
    expect(j.cross).toHaveLength(6)
    const brands = new Set(j.cross_own.map((o: { segment: string }) => o.segment))
    for (const c of j.cross) {
      expect(brands.has(c.on) && brands.has(c.of)).toBe(true)
      expect(c.ci_low).toBeLessThanOrEqual(c.elasticity)
      expect(c.ci_high).toBeGreaterThanOrEqual(c.elasticity)
      expect(c.n).toBeGreaterThan(0)
      expect(['substitutes', 'complements', 'no evidence']).toContain(c.reading)
    }
    for (const bad of ['1', '51', '2.5', 'ten']) {
      const r = await cli(...base, '--cross-top-k', bad, '--json')
      expect(r.code, bad).toBe(2)
      expect(r.out + r.err, bad).toMatch(/--cross-top-k must be a whole number from 2 to 50/)
    }
  }, 180_000)
})
