// @vitest-environment jsdom
// Issue 28: the page writes a value as the report and the CSV files do (one formatter, src/shared/format).
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen } from '@testing-library/react'
import type { PricingRun } from '../../src/shared/pricing'
import { PricingKpis } from '../../src/renderer/src/pages/pricing/PricingKpis'
import { pricingHtml } from '../../src/core/report/sections'
import { currency } from '../../src/core/pricing/units'

afterEach(cleanup)

const portfolio = {
  items: 3,
  items_up: 1,
  items_down: 1,
  items_changed: 2,
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
}

const run = {
  dataset: 'juice',
  unit: currency(2),
  settings: {
    objective: 'revenue',
    guardrails: { max_increase: 0.1, max_decrease: 0.1, stay_in_observed: true, rounding: { rule: 'auto' } }
  },
  portfolio,
  true_revenue_share_of_optimum: null,
  uncertain: false,
  model: 'ols',
  demand_label: 'log-log OLS demand model',
  categories: [],
  comparison: [],
  top_changes: [],
  warnings: [],
  price_grid: null,
  costs: null,
  corner: null,
  corner_curve: null,
  refused: null
} as unknown as PricingRun

describe('the page and the report write the same figures', () => {
  it('the revenue change and its interval: "+0.54%" with "+0.45% to +0.55%" (not "+0.4% to +0.5%")', () => {
    render(<PricingKpis run={run} />)
    const card = screen.getByTestId('kpi-uplift').textContent ?? ''
    expect(card).toContain('+0.54%')
    expect(card).toContain('+0.45% to +0.55%')
    expect(card).not.toContain('+0.5%')
    const report = pricingHtml(run as unknown as Parameters<typeof pricingHtml>[0], false, 'brand')
    expect(report).toContain('+0.54% (+0.45% to +0.55%)')
  })

  it('revenue grouped in thousands on both: 15,881', () => {
    render(<PricingKpis run={run} />)
    expect(screen.getAllByText('15,881').length).toBeGreaterThan(0)
    expect(pricingHtml(run as unknown as Parameters<typeof pricingHtml>[0], false, 'brand')).toContain(
      '15,881'
    )
  })
})
