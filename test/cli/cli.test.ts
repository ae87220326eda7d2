import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { tempDir, writeFile, cli } from '../helpers'

describe('pricelab CLI', () => {
  it('generate, tables, import, export with stable --json output', async () => {
    const dir = tempDir()
    const db = join(dir, 'c.pricelab')
    const g = await cli('generate', '--db', db, '--seed', '3', '--scale', '0.05', '--json')
    expect(g.code).toBe(0)
    const gj = JSON.parse(g.out)
    expect(gj).toMatchObject({ seed: 3, scale: 0.05, start_date: '2025-01-06' })
    expect(gj.tables.learners).toBe(500)

    const csv = writeFile(dir, 'sales.csv', 'sku,price,units\nA,10,3\nB,12.5,1\n')
    const i = await cli(
      'import',
      '--db',
      db,
      '--dataset',
      'sales',
      '--price',
      'price',
      '--quantity',
      'units',
      '--item',
      'sku',
      csv,
      '--json'
    )
    expect(i.code).toBe(0)
    expect(JSON.parse(i.out)).toMatchObject({ table: 'ds_sales', dataset: 'sales', rows: 2 })

    const t = JSON.parse((await cli('tables', '--db', db, '--json')).out)
    expect(t.tables.find((x: { name: string }) => x.name === 'ds_sales')).toMatchObject({
      kind: 'dataset',
      rows: 2
    })
    expect(t.tables.find((x: { name: string }) => x.name === 'learners').rows).toBe(500)

    const out = join(dir, 'sales-out.csv')
    const e = await cli('export', '--db', db, '--table', 'ds_sales', '--out', out, '--json')
    expect(JSON.parse(e.out)).toMatchObject({ rows: 2 })
    expect(readFileSync(out, 'utf8')).toBe('sku,price,units\r\nA,10,3\r\nB,12.5,1\r\n')
  })

  it('exits non-zero with the located error on stderr for a bad file', async () => {
    const dir = tempDir()
    const db = join(dir, 'c.pricelab')
    const csv = writeFile(dir, 'bad.csv', 'sku,price\nA,1\nB\n')
    const r = await cli('import', '--db', db, '--dataset', 'bad', csv)
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/bad\.csv:3:2: expected 2 fields, found 1/)
  })

  it('prints help and rejects bad usage with exit code 2', async () => {
    expect((await cli('generate', '--help')).out).toMatch(/Usage: pricelab generate --db FILE/)
    expect((await cli('tables')).code).toBe(2)
    expect((await cli('frobnicate')).code).toBe(2)
    expect((await cli('tables', '--db', '/nonexistent/x.pricelab')).code).toBe(1)
  })
})

describe('pricelab propensity', () => {
  it('prints targets with the documented JSON fields', async () => {
    const dir = tempDir()
    const db = join(dir, 'p.pricelab')
    expect((await cli('generate', '--db', db, '--seed', '5', '--scale', '0.3', '--json')).code).toBe(0)
    const r = await cli('propensity', '--db', db, '--target', 'churn', '--json')
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out)
    expect(j.cutoff).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(j.targets).toHaveLength(1)
    const t = j.targets[0]
    expect(t.target).toBe('churn')
    expect(['logistic', 'rf', 'gbm']).toContain(t.best_model)
    for (const m of t.models)
      for (const k of ['name', 'auc', 'f1', 'precision_at_70', 'brier', 'train_ms'])
        expect(m).toHaveProperty(k)
    expect(t.segments.map((s: { segment: string }) => s.segment)).toEqual(['Hot', 'Warm', 'Cold', 'Dormant'])
    expect((await cli('propensity', '--db', db, '--cutoff', '1999-01-01')).err).toMatch(/outside the data/)
    expect((await cli('propensity', '--db', db, '--target', 'price_sensitivity')).code).toBe(2)
  }, 120_000)
})
