// Issue 28, "numbers formatted once": the same value reads the same on the page, in the CSV files and in the
// report, through one formatter (src/shared/format/numbers.ts). Each observation of the issue is a case here.
import { describe, expect, it } from 'vitest'
import {
  csvFixed,
  grouped,
  intervalDigits,
  money,
  numberInterval,
  priceDecimals,
  signedPct,
  signedPctInterval
} from '../../src/shared/format/numbers'
import { priceSheetCsv } from '../../src/core/pricing/price-sheet'
import { currency } from '../../src/core/pricing/units'
import { pricingHtml } from '../../src/core/report/sections'
import type { PriceRow } from '../../src/shared/pricing'

const row = (over: Partial<PriceRow>): PriceRow => ({
  item_id: '1',
  name: 'Brand A',
  category: 'juice',
  tier: null,
  current_price: 1.8,
  recommended_price: 1.6,
  change_pct: (100 * (1.6 - 1.8)) / 1.8,
  quantity_before: 100,
  quantity_after: 110,
  enrollments_before: 100,
  enrollments_after: 110,
  revenue_before: 180,
  revenue_after: 176,
  margin_before: null,
  margin_after: null,
  strategy_price: 1.6,
  reasoning: 'best revenue',
  binding_guardrail: null,
  out_of_observed_range: false,
  observed_min: 1.5,
  observed_max: 2.1,
  price_unit: 'currency',
  ...over
})

const cell = (csv: string, column: string) => {
  const [header, line] = csv.trimEnd().split('\r\n')
  return line.split(',')[header.split(',').indexOf(column)]
}

describe('one formatter for the page, the CSV files and the report', () => {
  it('money to the price grid: the price sheet writes "1.60" where the page shows "1.60" (not "1.6" or "1.8")', () => {
    const unit = { ...currency(2), grid: { step: 0.05, offset: 0 } }
    expect(priceDecimals(unit)).toBe(2)
    const csv = priceSheetCsv([row({})], false, false, unit, 'brand')
    expect(cell(csv, 'recommended_price')).toBe('1.60')
    expect(cell(csv, 'current_price')).toBe('1.80')
    expect(money(1.6, priceDecimals(unit))).toBe(cell(csv, 'recommended_price'))
    // A .99 grid keeps two decimals; tokens stay whole where the unit has none.
    expect(priceDecimals({ decimals: 2, grid: { step: 1, offset: 0.99 } })).toBe(2)
    expect(priceDecimals({ decimals: 0 })).toBe(0)
  })

  it("CSV cells carry the page's digits, not 17-digit floats (mde_achievable,0.17643714557740764)", () => {
    expect(csvFixed(0.17643714557740764, 4)).toBe('0.1764')
    expect(csvFixed(-0.00001, 2)).toBe('0.00')
    expect(csvFixed(Number.NaN, 2)).toBeNull()
    // Never grouped in a CSV cell: a number a spreadsheet reads back.
    expect(csvFixed(15880.5, 2)).toBe('15880.50')
  })

  it('an interval contains its shown point: "+0.54%" never beside "+0.4% to +0.5%"', () => {
    const t = signedPctInterval(0.54, 0.45, 0.549)
    expect(t.point).toBe('+0.54%')
    expect(t.interval).toBe('+0.45% to +0.55%')
    const [lo, hi] = t.interval.split(' to ').map((s) => parseFloat(s))
    expect(lo).toBeLessThanOrEqual(parseFloat(t.point))
    expect(parseFloat(t.point)).toBeLessThanOrEqual(hi)
    // A point near its bound gets more digits rather than falling outside: 0.5449 in [0.5441, 0.5449].
    expect(intervalDigits(0.5449, 0.5441, 0.5449, 2)).toBe(3)
    const e = numberInterval(-2.404, -2.6049, -2.4036)
    expect(Number(e.low)).toBeLessThanOrEqual(Number(e.point))
    expect(Number(e.point)).toBeLessThanOrEqual(Number(e.high))
  })

  it('human text groups thousands: RMSE "15,880.50", not "15880.50"', () => {
    expect(grouped(15880.5, 2)).toBe('15,880.50')
  })

  it('a change that rounds to zero is never "+0.0%": the report\'s "Largest changes" shows "+0.04%" or "no change"', () => {
    expect(signedPct(0.04)).toBe('+0.04%')
    expect(signedPct(0.004)).toBe('+0.004%')
    expect(signedPct(0)).toBe('no change')
    const html = pricingHtml(reportPricing([0.04, -0.004, 0, 0.03]), false, 'brand')
    const largest = html.slice(html.indexOf('Largest changes'))
    expect(largest).not.toMatch(/[+-]0\.0+%/)
    expect(largest).toContain('+0.04%')
    expect(largest).toContain('-0.004%')
    expect(largest).toContain('no change')
    // The headline change and its interval in the same digits.
    expect(html).toContain('+0.54% (+0.45% to +0.55%)')
  })
})

/** A study report's pricing part with only what its section reads. */
function reportPricing(changes: number[]): Parameters<typeof pricingHtml>[0] {
  const pricing = {
    model: 'ols',
    demand_label: 'log-log OLS demand model',
    unit: currency(2),
    settings: {
      objective: 'revenue',
      guardrails: { max_increase: 0.1, max_decrease: 0.1, stay_in_observed: true, rounding: { rule: 'auto' } }
    },
    portfolio: {
      objective: 'revenue',
      current_revenue: 15880.5,
      optimized_revenue: 15966.3,
      revenue_interval: null,
      uplift_pct: 0.54,
      uplift_interval: { low: 0.45, high: 0.549 },
      objective_change_pct: 0.54,
      objective_interval: { low: 0.45, high: 0.549 },
      current_enrollments: 1000,
      optimized_enrollments: 990,
      current_margin: null,
      optimized_margin: null,
      margin_change_pct: null
    },
    categories: [{ category: 'juice', revenue_change: 85.8 }],
    comparison: [],
    top_changes: changes.map((c, k) => ({
      item_id: String(k),
      name: `item ${k}`,
      category: 'juice',
      current_price: 1.8,
      recommended_price: 1.8 * (1 + c / 100),
      change_pct: c,
      binding_guardrail: null
    })),
    warnings: [],
    true_revenue_share_of_optimum: null,
    price_grid: null,
    costs: null,
    corner: null,
    corner_curve: null,
    refused: null,
    uncertain: false
  }
  return pricing as unknown as Parameters<typeof pricingHtml>[0]
}
