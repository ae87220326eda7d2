import { describe, expect, it } from 'vitest'
import { priceSheetCsv, PRICE_SHEET_COLUMNS } from '../../../src/core/pricing/price-sheet'
import type { PriceRow } from '../../../src/core/pricing/recommend'
import { importCsv } from '../../../src/core/data/import/import-csv'
import { previewCsv } from '../../../src/core/data/import/preview'
import { chunks, newDb } from '../../helpers'

const row = (k: number, name: string): PriceRow => ({
  item_id: String(k),
  name,
  category: 'Data Science',
  tier: null,
  current_price: 100 / 3 + k,
  recommended_price: 0.1 + 0.2 + k,
  change_pct: -1 / 7,
  quantity_before: Math.PI * k,
  quantity_after: Math.E,
  enrollments_before: Math.PI * k,
  enrollments_after: Math.E,
  revenue_before: 1e-7 * k,
  revenue_after: 123456789.123456,
  margin_before: null,
  margin_after: null,
  strategy_price: 99.99,
  reasoning: 'best revenue; strategies: elasticity "inelastic", +10%',
  binding_guardrail: k % 2 ? 'max_increase' : null,
  out_of_observed_range: k === 2,
  observed_min: 80,
  observed_max: 120,
  price_unit: 'tokens'
})

describe('price sheet export', () => {
  it('neutralizes formulas, quotes per RFC 4180, and its numbers import back exactly', async () => {
    const rows = [
      row(1, '=HYPERLINK("http://x","y")'),
      row(2, '+cmd|calc'),
      row(3, '@SUM(A1)'),
      row(4, '-2+3'),
      row(5, 'Plain, with comma')
    ]
    const csv = priceSheetCsv(rows, true)
    expect(csv.startsWith('\uFEFFitem_id,name,')).toBe(true)
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")"`)
    expect(csv).toContain(`'+cmd|calc`)
    expect(csv).toContain(`'@SUM(A1)`)
    expect(csv).toContain('"Plain, with comma"')
    const db = newDb()
    // As the import dialog does: preview (type inference), then import with those types.
    const preview = await previewCsv(chunks(csv, 977), 'prices.csv')
    await importCsv(db, chunks(csv, 977), 'prices.csv', {
      target: { kind: 'dataset', name: 'prices', roles: {} },
      columns: preview.columns.map((c) => ({ source: c.name, target: c.name, type: c.type })),
      delimiter: preview.delimiter,
      decimal: preview.decimal
    })
    const back = db
      .prepare<Record<string, unknown>>('SELECT * FROM ds_prices ORDER BY CAST(item_id AS INTEGER)')
      .all()
    expect(back).toHaveLength(rows.length)
    back.forEach((b, i) => {
      for (const c of PRICE_SHEET_COLUMNS) {
        const v = rows[i][c]
        if (typeof v === 'number') expect(b[c]).toBe(v)
        else if (typeof v === 'boolean') expect(b[c]).toBe(v ? 1 : 0)
        else if (v === null) expect(b[c]).toBeNull()
        else if (c !== 'item_id') expect(b[c]).toBe(v)
      }
    })
  })
})
