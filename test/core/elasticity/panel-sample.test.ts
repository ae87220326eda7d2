import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { chunks, newDb, tempDir, cli } from '../../helpers'
import { importCsv } from '../../../src/core/data/import/import-csv'
import { generateRetailSample } from '../../../src/core/data/sample/retail/generate'
import { loadDatasetPanel } from '../../../src/core/elasticity/panel'

/** Each row as item|period|price|quantity, for comparing a sample with the rows of the same items in the full panel. */
function rowKeys(p: ReturnType<typeof loadDatasetPanel>, keep?: Set<string>): string[] {
  const out: string[] = []
  for (let i = 0; i < p.n; i++) {
    const item = p.itemIds[p.item[i]]
    if (!keep || keep.has(item)) out.push(`${item}|${p.period?.[i]}|${p.price[i]}|${p.quantity[i]}`)
  }
  return out
}

describe('training on a sample of a large dataset (--max-rows)', () => {
  it('keeps whole items drawn at random, every row of each, within the limit; seeded', () => {
    const db = newDb()
    generateRetailSample(db, { seed: 5, scale: 0.1 }) // 8 stores × 7 brands × 104 weeks = 5,824 rows
    const full = loadDatasetPanel(db, 'retail_sample')
    expect(full.sampled).toBeUndefined()
    for (const seed of [1, 2, 3]) {
      const s = loadDatasetPanel(db, 'retail_sample', { sample: { maxRows: 2_000, seed } })
      expect(s.sampled).toMatchObject({
        rows: s.n,
        items: s.itemIds.length,
        of_rows: full.n,
        of_items: 56,
        seed
      })
      expect(s.n).toBeLessThanOrEqual(2_000)
      expect(s.n).toBe(19 * 104) // whole items of 104 weeks: as many as fit
      const kept = new Set(s.itemIds)
      expect(rowKeys(s).sort()).toEqual(rowKeys(full, kept).sort())
      expect(s.warnings.join(' ')).toMatch(/trained on a sample: 19 of 56 items/)
      // The same seed draws the same items; another seed others.
      expect(loadDatasetPanel(db, 'retail_sample', { sample: { maxRows: 2_000, seed } }).itemIds).toEqual(
        s.itemIds
      )
    }
    const a = loadDatasetPanel(db, 'retail_sample', { sample: { maxRows: 2_000, seed: 1 } }).itemIds
    const b = loadDatasetPanel(db, 'retail_sample', { sample: { maxRows: 2_000, seed: 2 } }).itemIds
    expect(a).not.toEqual(b)
    // A limit above the dataset reads it whole.
    expect(
      loadDatasetPanel(db, 'retail_sample', { sample: { maxRows: 10_000, seed: 1 } }).sampled
    ).toBeUndefined()
  })

  it('without an item column, rows are drawn at random (seeded), about maxRows of them', async () => {
    const db = newDb()
    const lines = ['price,units']
    for (let i = 0; i < 5_000; i++) lines.push(`${10 + (i % 9)},${40 - (i % 9)}`)
    await importCsv(db, chunks(lines.join('\n') + '\n'), 's.csv', {
      target: { kind: 'dataset', name: 's', roles: { price: 'price', quantity: 'units' } },
      columns: [
        { source: 'price', target: 'price', type: 'number' },
        { source: 'units', target: 'units', type: 'integer' }
      ]
    })
    const s = loadDatasetPanel(db, 's', { sample: { maxRows: 1_000, seed: 4 } })
    expect(s.n).toBeGreaterThan(850)
    expect(s.n).toBeLessThan(1_150)
    expect(s.sampled).toMatchObject({ rows: s.n, of_rows: 5_000, method: 'rows at random' })
    expect(loadDatasetPanel(db, 's', { sample: { maxRows: 1_000, seed: 4 } }).price).toEqual(s.price)
  })

  it('the CLI: --max-rows trains on the sample and says so in --json', async () => {
    const dir = tempDir()
    const db = join(dir, 'r.pricelab')
    expect((await cli('generate', '--db', db, '--kind', 'retail', '--scale', '0.1')).code).toBe(0)
    const r = await cli(
      'elasticity',
      '--db',
      db,
      '--dataset',
      'retail_sample',
      '--models',
      'ols',
      '--max-rows',
      '3000',
      '--json'
    )
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out)
    expect(j.rows).toBe(28 * 104)
    expect(j.sampled).toMatchObject({
      rows: 28 * 104,
      of_rows: 5_824,
      method: expect.stringMatching(/whole items/)
    })
    expect(j.segments.every((s: { recommended: number | null }) => s.recommended !== null)).toBe(true)
    const bad = await cli('elasticity', '--db', db, '--dataset', 'retail_sample', '--max-rows', '10')
    expect(bad.code).toBe(2)
  }, 60_000)
})
