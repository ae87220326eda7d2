// @vitest-environment jsdom
// An "optimized" scenario forecasts the prices of its own dataset's latest sheet (issue 28): the editor names that
// sheet, is not offered before the dataset has one, and the comparison says which sheet's prices it forecast.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { SavedScenario, ScenarioResult } from '../../src/shared/pricing'
import { ScenarioPanel } from '../../src/renderer/src/pages/pricing/ScenarioPanel'
import { fakeClient, renderWithClient } from './fake-client'

vi.mock('../../src/renderer/src/components/EChart', () => ({
  EChart: ({ label }: { label?: string }) => <div role="img" aria-label={label} />
}))

afterEach(cleanup)

const spec = (name: string, dataset: string): SavedScenario => ({
  name,
  kind: 'optimized',
  changes: [],
  model: null,
  market_growth_pct: 0,
  competitor_move_pct: 0,
  cross_elasticity: 0,
  notes: '',
  dataset,
  updated_at: '2026-12-01T00:00:00Z'
})

const RESULT = {
  name: 'Optimized sales',
  kind: 'optimized',
  model: 'Log-log OLS',
  sheet_run_id: 12,
  totals: {
    enrollments: 1000,
    enrollments_before: 1100,
    revenue: 5200,
    revenue_before: 5000,
    revenue_change_pct: 4,
    margin: null,
    revenue_interval: null,
    enrollments_interval: null
  },
  categories: [],
  items: [],
  notes: ["prices of sales's price sheet (run 12)"],
  avg_price_change_pct: -3,
  curve: [{ change_pct: 0, enrollments: 1100, revenue: 5000 }]
} as unknown as ScenarioResult

function setUp(sheetRunId: number | null) {
  const client = fakeClient({
    'elasticity:sources': () => [],
    'data:datasets': () => [],
    'pricing:scenarios': () => [spec('Optimized sales', 'sales'), spec('Optimized retail', 'retail')],
    'pricing:compare': () => [RESULT]
  })
  renderWithClient(
    <ScenarioPanel dataset="sales" sample={false} segment="brand" categories={[]} sheetRunId={sheetRunId} />,
    client
  )
  return client
}

describe("an optimized scenario and its dataset's sheet", () => {
  it("names the dataset's latest sheet in the scenario type", async () => {
    setUp(12)
    const user = userEvent.setup()
    await user.click(screen.getByRole('combobox', { name: 'Type' }))
    const option = await screen.findByTestId('scenario-kind-optimized')
    expect(option.textContent).toBe("Optimized prices (sales's sheet, run 12)")
    expect(option.getAttribute('aria-disabled')).not.toBe('true')
  })

  it('is not offered before the dataset has a sheet', async () => {
    setUp(null)
    const user = userEvent.setup()
    await user.click(screen.getByRole('combobox', { name: 'Type' }))
    const option = await screen.findByTestId('scenario-kind-optimized')
    expect(option.textContent).toBe('Optimized prices (optimize sales first)')
    expect(option.getAttribute('aria-disabled')).toBe('true')
  })

  it("compares only this dataset's scenarios and shows which sheet priced it", async () => {
    const client = setUp(12)
    const user = userEvent.setup()
    await screen.findByText('Optimized sales')
    expect(screen.queryByText('Optimized retail')).toBeNull()
    await user.click(screen.getByRole('checkbox', { name: /Optimized sales/ }))
    await user.click(screen.getByRole('button', { name: /^Compare/ }))
    const table = await screen.findByTestId('scenario-table')
    expect(within(table).getByText("prices of sales's price sheet (run 12)")).toBeTruthy()
    expect(client.calls.find((c) => c.name === 'pricing:compare')?.args).toEqual({
      names: ['Optimized sales']
    })
  })
})
