import { describe, expect, it } from 'vitest'
import {
  priceSheetCsv,
  sheetRow,
  NEUTRAL_SHEET_COLUMNS,
  PRICE_SHEET_COLUMNS
} from '../../../src/core/pricing/price-sheet'
import { currency, TOKENS } from '../../../src/core/pricing/units'
import { reasonOf } from '../../../src/core/pricing/recommend'
import type { PriceRow } from '../../../src/shared/pricing'
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
  it('neutralizes formulas, quotes per RFC 4180, and its numbers import back as written', async () => {
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
      const written = sheetRow(rows[i], TOKENS)
      for (const c of PRICE_SHEET_COLUMNS) {
        const v = written[c]
        if (typeof v === 'number') expect(b[c]).toBe(v)
        else if (typeof v === 'boolean') expect(b[c]).toBe(v ? 1 : 0)
        else if (v === null) expect(b[c]).toBeNull()
        else if (c !== 'item_id') expect(b[c]).toBe(v)
      }
    })
  })

  it('rounds money to the unit (cents, whole units) and percents to two decimals: no raw floats', () => {
    const r = {
      ...row(1, 'Brand A'),
      current_price: 2.6,
      recommended_price: 2.5 / 1.45,
      change_pct: (100 * (2.5 / 1.45 - 2.6)) / 2.6,
      quantity_before: 71393.38461538462,
      quantity_after: 1 / 3,
      revenue_before: 185622.80000000002,
      revenue_after: 1234.5678,
      margin_before: 0.1 + 0.2,
      margin_after: null,
      strategy_price: 2.4999999999999996,
      observed_min: 1.9899999999999998,
      observed_max: 3.0100000000000002,
      reasoning: 'best revenue'
    }
    const cents = priceSheetCsv([r], false, false, currency(2), 'brand')
    const [header, line] = cents.trimEnd().split('\r\n')
    const cell = (c: string) => line.split(',')[header.split(',').indexOf(c)]
    // The dataset's segment under its own name; no tier column where no row has a tier (issue 28).
    expect(header.split(',')).toEqual(
      NEUTRAL_SHEET_COLUMNS.filter((c) => c !== 'tier').map((c) => (c === 'category' ? 'brand' : c))
    )
    // Money as the page shows it: "2.60", not "2.6" (issue 28).
    expect(cell('current_price')).toBe('2.60')
    expect(cell('recommended_price')).toBe('1.72')
    expect(cell('change_pct')).toBe('-33.69')
    expect(cell('quantity_before')).toBe('71393.38')
    expect(cell('quantity_after')).toBe('0.33')
    expect(cell('revenue_before')).toBe('185622.80')
    expect(cell('revenue_after')).toBe('1234.57')
    expect(cell('margin_before')).toBe('0.30')
    expect(cell('margin_after')).toBe('')
    expect(cell('strategy_price')).toBe('2.50')
    expect(cell('observed_min')).toBe('1.99')
    expect(cell('observed_max')).toBe('3.01')
    // No number in the sheet has more than two decimals.
    expect(cents).not.toMatch(/\d\.\d{3,}/)
    // Whole units: whole prices and revenues; percents still to two decimals.
    const whole = priceSheetCsv([r], false, false, currency(0), 'brand').trimEnd().split('\r\n')[1].split(',')
    expect(whole[header.split(',').indexOf('recommended_price')]).toBe('2')
    expect(whole[header.split(',').indexOf('revenue_after')]).toBe('1235')
    expect(whole[header.split(',').indexOf('change_pct')]).toBe('-33.69')
    // Without a segment there is no segment column; a tier column only where rows have tiers.
    const plain = priceSheetCsv([r], false, false, currency(2), 'all').split('\r\n')[0].split(',')
    expect(plain).not.toContain('category')
    expect(plain).not.toContain('all')
    const tiered = priceSheetCsv([{ ...r, tier: 'premium' }], false, false, currency(2), 'brand')
    expect(tiered.split('\r\n')[0].split(',')).toContain('tier')
    // The row itself (the run's JSON) keeps the exact values.
    expect(r.recommended_price).toBe(2.5 / 1.45)
  })
})

describe('the reasoning of a price moved by the segment-average rule', () => {
  it('names the dataset segment (a brand), category only by default for the EdTech sample', () => {
    expect(reasonOf('category_average', 'revenue', 'OLS', 'brand')).toMatch(
      /^moved by the brand average rule/
    )
    expect(reasonOf('category_average', 'revenue', 'OLS', 'all')).toMatch(
      /^moved by the all-items average rule/
    )
    expect(reasonOf('category_average', 'revenue', 'OLS')).toMatch(/^moved by the category average rule/)
  })
})
