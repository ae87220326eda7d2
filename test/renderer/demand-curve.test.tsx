// @vitest-environment jsdom
// The Elasticity page's demand chart draws the recommended elasticity's curve (the one pricing uses), labelled as
// such; the best-fitting model that the page rejects as unstable is drawn only when the analyst asks for it.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { ThemeProvider, createTheme } from '@mui/material/styles'
import type { ElasticityReport } from '../../src/shared/elasticity/results'
import type { ModelReport } from '../../src/shared/elasticity/model-results'
import { DemandCurveView } from '../../src/renderer/src/pages/elasticity/DemandCurveView'
import { ElasticityViews } from '../../src/renderer/src/pages/elasticity/ElasticityViews'
import { SHOP, fakeClient, renderWithClient } from './fake-client'

// ECharts draws on a canvas jsdom does not have: the chart is a box carrying its series (names and points).
vi.mock('../../src/renderer/src/components/EChart', () => ({
  EChart: ({
    label,
    option
  }: {
    label?: string
    option: { series?: { name: string; data: number[][] }[] }
  }) => <div role="img" aria-label={label} data-series={JSON.stringify(option.series ?? [])} />
}))

afterEach(cleanup)

const FACTORS = [0.8, 0.9, 1, 1.1, 1.2]
const TODAY = { price: 2.5, quantity: 100, revenue: 250 }

/** A tree model's own curve: flat (it splits price coarsely), the shape the recommendation rejects. */
const gbm = {
  name: 'gbm',
  label: 'Gradient boosting',
  segments: [],
  curves: [
    {
      segment: 'Tropicana',
      current_price: TODAY.price,
      points: FACTORS.map((f) => ({
        factor: f,
        price: TODAY.price * f,
        quantity: f === 1 ? TODAY.quantity : TODAY.quantity * (f < 1 ? 1.01 : 0.99),
        revenue: f === 1 ? TODAY.revenue : TODAY.price * f * TODAY.quantity * (f < 1 ? 1.01 : 0.99)
      })),
      revenue_max_factor: 1.2
    }
  ]
} as unknown as ModelReport

const REPORT = {
  run_id: 7,
  dataset: 'oj',
  segment_column: 'brand',
  best_model: 'gbm',
  recommended_model: 'debiased',
  models: [gbm],
  segments: [
    {
      segment: 'Tropicana',
      rows: 500,
      elasticity: -0.2,
      ci_low: -0.4,
      ci_high: 0,
      debiased: -2.4,
      debiased_ci_low: -2.61,
      debiased_ci_high: -2.19,
      true: null,
      warning: null,
      recommended: -2.4,
      recommended_ci_low: -2.61,
      recommended_ci_high: -2.19,
      recommended_from: 'debiased',
      recommended_reason:
        'debiased (DML): the price effect after removing what the controls explain; Gradient boosting (best fit) not used: unstable across folds (moves by 0.80)',
      identified: true
    }
  ]
} as unknown as ElasticityReport

type Series = { name: string; data: number[][] }[]
const series = (): Series => JSON.parse(screen.getByRole('img').getAttribute('data-series') ?? '[]') as Series

function show() {
  render(
    <ThemeProvider theme={createTheme()}>
      <DemandCurveView
        report={REPORT}
        model={gbm}
        segment="Tropicana"
        axes={{ price: 'mean price', quantity: 'units / week', revenue: 'revenue / week' }}
      />
    </ThemeProvider>
  )
}

describe('DemandCurveView', () => {
  it("the page's Demand & revenue tab draws the recommended curve, not the best-fitting model's", async () => {
    const client = fakeClient({ 'elasticity:sources': () => [SHOP], 'data:datasets': () => [] })
    renderWithClient(<ElasticityViews report={REPORT} model={gbm} onExport={() => {}} />, client)
    await userEvent.setup().click(screen.getByRole('tab', { name: 'Demand & revenue' }))
    const names = series().map((x) => x.name)
    expect(names).toContain('Demand at ε = -2.40 (recommended)')
    expect(names).not.toContain('Demand')
  })

  it('draws the recommended elasticity, labelled as such, and not the rejected model by default', () => {
    show()
    const s = series()
    const demand = s.find((x) => x.name.includes('recommended') && !x.name.startsWith('Revenue'))
    expect(demand?.name).toBe('Demand at ε = -2.40 (recommended)')
    // Quantity = today's level × factor^ε: 10% above today's price sells 1.1^−2.4 of today's units.
    for (const [k, f] of FACTORS.entries()) {
      expect(demand?.data[k][0]).toBeCloseTo(TODAY.price * f, 6)
      expect(demand?.data[k][1]).toBeCloseTo(TODAY.quantity * f ** -2.4, 3)
    }
    expect(s.some((x) => x.name.includes('Gradient boosting'))).toBe(false)
    expect(screen.getByTestId('curve-caption').textContent).toContain(
      'the recommended elasticity -2.40 [90%: -2.61, -2.19] from Debiased (DML), the figure pricing uses'
    )
  })

  it('shows the model’s own curve only on request, named as not used for pricing', async () => {
    show()
    const user = userEvent.setup()
    await user.click(screen.getByRole('switch', { name: "Show Gradient boosting's own curve" }))
    const own = series().find((x) => x.name === "Gradient boosting's own demand")
    expect(own?.data.map((p) => p[1])).toEqual(gbm.curves[0].points.map((p) => p.quantity))
    expect(screen.getByText("Show Gradient boosting's own curve (not used for pricing)")).toBeTruthy()
    expect(screen.getByTestId('curve-caption').textContent).toContain('unstable across folds')
  })

  it('draws the 90% interval as a band between the curves of its two ends', () => {
    show()
    const band = series().filter((x) => x.name === '90% interval')
    expect(band).toHaveLength(2)
    const at = (k: number) => [TODAY.quantity * FACTORS[k] ** -2.61, TODAY.quantity * FACTORS[k] ** -2.19]
    for (const k of [0, 4]) {
      const [a, b] = at(k)
      expect(band[0].data[k][1]).toBeCloseTo(Math.min(a, b), 3)
      expect(band[1].data[k][1]).toBeCloseTo(Math.abs(a - b), 3)
    }
  })
})
