import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { tempDir, cli } from '../helpers'

describe('pricelab generate --kind retail', () => {
  it('writes the retail panel dataset with documented --json fields, next to the EdTech sample', async () => {
    const dir = tempDir()
    const db = join(dir, 'r.pricelab')
    const g = await cli('generate', '--db', db, '--kind', 'retail', '--seed', '3', '--scale', '0.1', '--json')
    expect(g.code).toBe(0)
    const j = JSON.parse(g.out)
    expect(j).toMatchObject({
      kind: 'retail',
      dataset: 'retail_sample',
      seed: 3,
      scale: 0.1,
      start_date: '2024-01-01',
      end_date: '2025-12-28'
    })
    expect(j.tables.ds_retail_sample).toBe(8 * 7 * 104)
    expect(j.tables.ground_truth).toBeGreaterThan(0)
    expect(typeof j.ms).toBe('number')

    // The default stays the EdTech sample, and adds kind to its --json; the retail dataset is kept.
    const e = JSON.parse((await cli('generate', '--db', db, '--seed', '3', '--scale', '0.02', '--json')).out)
    expect(e).toMatchObject({ kind: 'edtech', dataset: null, start_date: '2025-01-06' })
    const t = JSON.parse((await cli('tables', '--db', db, '--json')).out)
    expect(t.tables.find((x: { name: string }) => x.name === 'ds_retail_sample')).toMatchObject({
      kind: 'dataset',
      rows: 8 * 7 * 104
    })

    const text = await cli('generate', '--db', db, '--kind', 'retail', '--scale', '0.05')
    expect(text.code).toBe(0)
    expect(text.out).toMatch(/Generated the retail panel \(dataset retail_sample\)/)
  })

  it('rejects an unknown kind with exit 2', async () => {
    const dir = tempDir()
    const r = await cli('generate', '--db', join(dir, 'x.pricelab'), '--kind', 'grocery')
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/--kind must be one of edtech, retail/)
  })
})
