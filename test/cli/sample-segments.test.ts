import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { cli, newDb, tempDir } from '../helpers'
import { generateRetailSample } from '../../src/core/data/sample/retail/generate'
import { loadDatasetPanel } from '../../src/core/elasticity/panel'

const BRANDS = 7

describe('a --max-rows sample prices the whole catalog, or refuses naming what it never saw', () => {
  it('keeps at least one item of every brand, over several seeds, within the limit and reproducibly', () => {
    const db = newDb()
    generateRetailSample(db, { seed: 5, scale: 0.1 }) // 56 items (8 stores × 7 brands) of 104 weeks
    for (const seed of [1, 2, 3, 42, 7]) {
      const s = loadDatasetPanel(db, 'retail_sample', { sample: { maxRows: 1_000, seed } })
      expect(s.n).toBeLessThanOrEqual(1_000)
      expect(s.itemIds.length).toBe(9) // as many whole items as fit: the brands first, then at random
      expect(s.segments).toHaveLength(BRANDS)
      const again = loadDatasetPanel(db, 'retail_sample', { sample: { maxRows: 1_000, seed } })
      expect(again.itemIds).toEqual(s.itemIds)
    }
  })

  it('the CLI: a 1,000-row retail run prices the full catalog (it failed on a missed brand)', async () => {
    const dir = tempDir()
    const db = join(dir, 'r.pricelab')
    expect((await cli('generate', '--db', db, '--kind', 'retail', '--scale', '0.1')).code).toBe(0)
    const e = await cli(
      'elasticity',
      '--db',
      db,
      '--dataset',
      'retail_sample',
      '--models',
      'ols',
      '--max-rows',
      '1000',
      '--json'
    )
    expect(e.code).toBe(0)
    const j = JSON.parse(e.out)
    expect(j.sampled).toMatchObject({ items: 9, of_items: 56, method: expect.stringMatching(/every brand/) })
    expect(j.segments).toHaveLength(BRANDS)
    const o = await cli(
      'optimize',
      '--db',
      db,
      '--dataset',
      'retail_sample',
      '--model',
      'ols',
      '--demand',
      'model',
      '--out',
      join(dir, 'p.csv'),
      '--json'
    )
    expect(o.err).toBe('')
    expect(o.code).toBe(0)
  }, 60_000)

  it('a segment no sample can hold is refused by pricing with its name and the fix, never a design size', async () => {
    const dir = tempDir()
    const file = join(dir, 'p.pricelab')
    // 30 "main" items of 100 days and one "rare" item of 1,100 days: a 1,000-row sample cannot hold the rare one.
    const lines = ['item,family,day,price,units']
    const day = (d: number) => new Date(Date.UTC(2022, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)
    const row = (it: string, fam: string, d: number, k: number) => {
      const price = 8 + ((d * 7 + k * 3) % 9)
      lines.push(
        `${it},${fam},${day(d)},${price},${Math.round(4000 * price ** -1.5 * (1 + 0.1 * ((d + k) % 3)))}`
      )
    }
    for (let k = 0; k < 30; k++) for (let d = 0; d < 100; d++) row(`m${k}`, 'main', d, k)
    for (let d = 0; d < 1_100; d++) row('r0', 'rare', d, 99)
    const csv = join(dir, 'p.csv')
    writeFileSync(csv, lines.join('\n') + '\n')
    const imp = await cli(
      'import',
      '--db',
      file,
      '--dataset',
      'p',
      '--item',
      'item',
      '--segment',
      'family',
      '--period',
      'day',
      '--price',
      'price',
      '--quantity',
      'units',
      csv
    )
    expect(imp.code).toBe(0)
    const e = await cli(
      'elasticity',
      '--db',
      file,
      '--dataset',
      'p',
      '--models',
      'ols,rf',
      '--dml',
      'off',
      '--max-rows',
      '1000',
      '--json'
    )
    expect(e.code).toBe(0)
    expect(JSON.parse(e.out).segments.map((s: { segment: string }) => s.segment)).toEqual(['main'])
    for (const model of ['ols', 'rf']) {
      const o = await cli(
        'optimize',
        '--db',
        file,
        '--dataset',
        'p',
        '--model',
        model,
        '--demand',
        'model',
        '--out',
        join(dir, `${model}.csv`)
      )
      expect(o.code).toBe(1)
      expect(o.err).toMatch(
        /cannot price 1 family value it never saw: it was trained on a sample of \d+ of 4100 rows \(--max-rows\) that has no row of family "rare"; train the elasticity run again without --max-rows, or with a larger one/
      )
      expect(o.err).not.toMatch(/coefficients|design/)
    }
  }, 90_000)
})
