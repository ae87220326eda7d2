// @vitest-environment jsdom
// Issue 28, "RMSE "15880.50" without separators": the Elasticity page's model table writes RMSE (and CV RMSE)
// grouped in thousands, as the report and the CLI do, through the shared formatter.
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen } from '@testing-library/react'
import type { ElasticityReport } from '../../src/shared/elasticity/results'
import { ModelComparison } from '../../src/renderer/src/pages/elasticity/ModelComparison'

afterEach(cleanup)

const model = {
  name: 'ols',
  label: 'Log-log OLS',
  test_r2: 0.812,
  rmse: 15880.5,
  mape: 0.1234,
  cv_rmse: 15880.5,
  cv_r2: 0.8,
  elasticity: -2.4,
  point_elasticity: { p10: -2.6, p90: -2.2 },
  train_ms: 1234
}

const report = {
  rows: 12345,
  items: 56,
  validation: 'rows',
  plan: { testShare: 0.2, folds: 5, withinItems: true, seed: 1 },
  wall_ms: 5000,
  models: [model],
  failed: [],
  best_model: 'ols'
} as unknown as ElasticityReport

describe('the model comparison table', () => {
  it('groups RMSE and CV RMSE in thousands ("15,880.50"), with MAPE in 2-decimal percent', () => {
    render(
      <ModelComparison
        report={report}
        runs={[]}
        chosen={null}
        onChoose={() => {}}
        onRun={() => {}}
        onExport={() => {}}
      />
    )
    const row = screen.getByTestId('comparison-table').querySelectorAll('tbody tr')[0]
    const cells = [...row.querySelectorAll('td')].map((c) => c.textContent)
    expect(cells[2]).toBe('15,880.50')
    expect(cells[3]).toBe('12.34%')
    expect(cells[4]).toBe('15,880.500')
    expect(screen.getByTestId('comparison-table').textContent).not.toMatch(/15880/)
  })
})
