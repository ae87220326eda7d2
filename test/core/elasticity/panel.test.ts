import { describe, expect, it } from 'vitest'
import { newDb, chunks } from '../../helpers'
import { importCsv } from '../../../src/core/data/import/import-csv'
import {
  loadDatasetPanel,
  selectControls,
  elasticitySources,
  SAMPLE_CONTROLS,
  loadSamplePanel
} from '../../../src/core/elasticity/panel'
import { generateSampleData } from '../../../src/core/data/sample/generate'
import type { Db } from '../../../src/core/db/port'

async function dataset(db: Db, name: string, rows: string[], features: string[] = ['store']) {
  await importCsv(
    db,
    chunks(['sku,brand,price,units,store,flag', ...rows].join('\n') + '\n'),
    `${name}.csv`,
    {
      target: {
        kind: 'dataset',
        name,
        roles: { item: 'sku', segments: ['brand'], price: 'price', quantity: 'units', features }
      },
      columns: [
        { source: 'sku', target: 'sku', type: 'text' },
        { source: 'brand', target: 'brand', type: 'text' },
        { source: 'price', target: 'price', type: 'number' },
        { source: 'units', target: 'units', type: 'integer' },
        { source: 'store', target: 'store', type: 'text' },
        { source: 'flag', target: 'flag', type: 'integer' }
      ]
    }
  )
}

const good = (i: number) => `S${i % 10},${i % 2 ? 'A' : 'B'},${10 + (i % 7)},${20 - (i % 7)},st${i % 3},1`

describe('dataset panels', () => {
  it('maps roles to price, quantity, items, segments and controls', async () => {
    const db = newDb()
    await dataset(
      db,
      'ok',
      Array.from({ length: 60 }, (_, i) => good(i))
    )
    const p = loadDatasetPanel(db, 'ok')
    expect(p.n).toBe(60)
    expect(p.itemIds).toHaveLength(10)
    expect(p.segments).toEqual(['A', 'B'])
    expect(p.controls.map((c) => c.name)).toEqual(['brand', 'store'])
    expect(elasticitySources(db).find((s) => s.id === 'ok')?.controls).toEqual(['brand', 'store'])
  })

  it('drops a constant feature with a warning instead of failing on a singular design', async () => {
    const db = newDb()
    await dataset(
      db,
      'const',
      Array.from({ length: 60 }, (_, i) => good(i)),
      ['store', 'flag']
    )
    const p = loadDatasetPanel(db, 'const')
    expect(p.controls.map((c) => c.name)).not.toContain('flag')
    expect(p.warnings.join(' ')).toMatch(/"flag" is constant/)
  })

  it('names missing values by column', async () => {
    const db = newDb()
    const rows = Array.from({ length: 60 }, (_, i) => good(i))
    rows[7] = 'S7,A,,13,st1,1'
    rows[9] = 'S9,A,,13,st1,1'
    await dataset(db, 'holes', rows)
    expect(() => loadDatasetPanel(db, 'holes')).toThrow(/column "price" has 2 missing values/)
  })

  it('lets the analyst choose the features, and rejects unknown ones', () => {
    const db = newDb()
    generateSampleData(db, { seed: 1, scale: 0.05 })
    const p = loadSamplePanel(db)
    expect(p.controls.map((c) => c.name)).toEqual(SAMPLE_CONTROLS)
    expect(selectControls(p, ['quality_score']).controls.map((c) => c.name)).toEqual(['quality_score'])
    expect(() => selectControls(p, ['nope'])).toThrow(/unknown feature "nope"/)
  })
})
