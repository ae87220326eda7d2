// @vitest-environment jsdom
// The A/B design wizard against a fake API: it walks units → arms → power → assignment → review → export and shows the plan.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ApiArgs } from '../../src/shared/api/calls'
import { DEFAULT_DESIGN, type ExperimentDesign, type PlanSummary } from '../../src/shared/experiments'
import { DesignWizard } from '../../src/renderer/src/pages/experiments/DesignWizard'
import { ApiError } from '../../src/shared/api/envelope'
import { fakeClient, renderWithClient, SHOP } from './fake-client'

// ECharts draws on a canvas jsdom does not have: a chart is its labelled box here.
vi.mock('../../src/renderer/src/components/EChart', () => ({
  EChart: ({ label }: { label?: string }) => <div role="img" aria-label={label} />
}))

afterEach(cleanup)

const DATASET = {
  id: 1,
  name: 'shop',
  table: 'ds_shop',
  sourceFile: 'shop.csv',
  importedAt: '2026-01-01',
  rows: 1000,
  columns: [
    { name: 'sku', type: 'text' as const },
    { name: 'store', type: 'text' as const },
    { name: 'week', type: 'date' as const },
    { name: 'price', type: 'number' as const },
    { name: 'units', type: 'integer' as const }
  ],
  roles: { item: 'sku', period: 'week', price: 'price', quantity: 'units', segments: ['brand'] },
  version: 1
}

type DesignSent = ApiArgs<'experiments:design'>['design']

function planOf(sent: DesignSent): PlanSummary {
  const design: ExperimentDesign = { ...DEFAULT_DESIGN, ...sent }
  return {
    name: design.name,
    algorithm: 'stratified block randomization',
    seed: design.seed,
    design,
    unit_noun: { one: 'sku', many: 'skus' },
    as_of: '2026-01-01',
    fingerprint: 'abc123',
    units: 240,
    holdout_units: 0,
    excluded_units: 0,
    arms: { control: 120, treatment: 120 },
    baseline: { kind: 'mean', mean: 52.5, sd: 10 },
    power: {
      test: 'two-sample t-test',
      effect_size: 0.2,
      control_units: 100,
      treatment_units: 100,
      required_units: 200,
      mde_achievable: 0.08,
      enough: true,
      best_control_share: 0.5,
      message: ''
    },
    duration: { weeks: 4, days: null },
    strata: [
      {
        stratum: 'brand A',
        units: 240,
        arms: { control: 120, treatment: 120 },
        baseline_mean: 52.5,
        baseline_rate: null
      }
    ],
    balance: [
      { covariate: 'price', arm: 'treatment', mean_control: 10, mean_arm: 10.1, smd: 0.02, flagged: false }
    ],
    max_abs_smd: 0.02,
    warnings: [],
    cuped: null
  }
}

function setUp() {
  const designs: DesignSent[] = []
  const saved: DesignSent[] = []
  const client = fakeClient({
    'elasticity:sources': () => [SHOP],
    'data:datasets': () => [DATASET],
    'pricing:scenarios': () => [],
    'experiments:design': ({ design }) => {
      designs.push(design)
      return planOf(design)
    },
    'experiments:save': ({ design }) => {
      saved.push(design)
      return planOf(design)
    }
  })
  const onSaved = vi.fn()
  renderWithClient(<DesignWizard onSaved={onSaved} />, client)
  return { designs, saved, onSaved }
}

const activeStep = () => document.querySelector('.MuiStepLabel-label.Mui-active')?.textContent

describe('the A/B design wizard', () => {
  it('moves through its steps, shows the plan summary and saves the design', async () => {
    const { designs, saved, onSaved } = setUp()
    const user = userEvent.setup()
    const next = () => user.click(screen.getByRole('button', { name: 'Next' }))

    // Units: the app's dataset is an imported one, so the experiment is on its items.
    expect(activeStep()).toBe('Units')
    await waitFor(() => expect(screen.getByText('Rows of shop (by sku)')).toBeTruthy())
    expect(screen.getByRole('button', { name: 'Back' }).hasAttribute('disabled')).toBe(true)

    await next()
    expect(activeStep()).toBe('Arms')
    expect(designs).toHaveLength(0)

    // Leaving the arms computes the plan: the power step shows its summary.
    await next()
    await waitFor(() => expect(activeStep()).toBe('Power'))
    expect(designs[0]).toMatchObject({ units: 'items', dataset: 'shop' })
    const power = screen.getByTestId('power-result')
    expect(power.textContent).toMatch(/two-sample t-test; baseline mean 52\.5 \(sd 10\)/)
    expect(power.textContent).toMatch(
      /Needs 200 skus; 240 in the test; smallest detectable change 8(\.00?)?%; run 4 week\(s\)/
    )

    await next()
    await waitFor(() => expect(activeStep()).toBe('Assignment'))
    await next()
    await waitFor(() => expect(activeStep()).toBe('Review'))
    // The review shows the strata and the balance, and Next gives way to Save.
    expect(within(screen.getByTestId('strata-table')).getByText('brand A')).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Next' })).toBeNull()

    await user.click(screen.getByRole('button', { name: 'Save experiment' }))
    await waitFor(() => expect(activeStep()).toBe('Export'))
    expect(saved).toHaveLength(1)
    expect(onSaved).toHaveBeenCalledTimes(1)
    expect(
      screen.getByText(/Saved "price-test": 240 units, seed \d+, stratified block randomization/)
    ).toBeTruthy()
    expect(
      screen.getByRole('button', { name: 'Download plan CSV and summary' }).hasAttribute('disabled')
    ).toBe(false)
  })

  it('goes back a step without losing the design', async () => {
    setUp()
    const user = userEvent.setup()
    const name = await screen.findByTestId('experiment-name')
    await user.clear(name)
    await user.type(name, 'shelf-test')
    await user.click(screen.getByRole('button', { name: 'Next' }))
    expect(activeStep()).toBe('Arms')
    await user.click(screen.getByRole('button', { name: 'Back' }))
    expect(activeStep()).toBe('Units')
    expect((screen.getByTestId('experiment-name') as HTMLInputElement).value).toBe('shelf-test')
  })

  it("shows a refused design's issues at their fields (an arm's at that arm), the banner too", async () => {
    const client = fakeClient({
      'elasticity:sources': () => [SHOP],
      'data:datasets': () => [DATASET],
      'pricing:scenarios': () => [],
      'experiments:design': () => {
        throw new ApiError({
          code: 'invalid_input',
          message: 'experiments:design: design.arms.1.weight: Too big; design.holdout: Too big',
          issues: [
            {
              path: ['design', 'arms', 1, 'weight'],
              message: 'Too big',
              bound: { max: 100, inclusive: true }
            },
            { path: ['design', 'holdout'], message: 'Too big', bound: { max: 0.5, inclusive: true } }
          ]
        })
      }
    })
    renderWithClient(<DesignWizard onSaved={() => {}} />, client)
    const user = userEvent.setup()
    await waitFor(() => expect(screen.getByText('Rows of shop (by sku)')).toBeTruthy())
    await user.click(screen.getByRole('button', { name: 'Next' }))
    expect(activeStep()).toBe('Arms')
    await user.click(screen.getByRole('button', { name: 'Next' }))
    await waitFor(() => expect(screen.getByTestId('design-error')).toBeTruthy())
    expect(activeStep()).toBe('Arms')

    const helperOf = (field: HTMLElement) =>
      document.getElementById(field.getAttribute('aria-describedby') ?? '')?.textContent
    const [controlWeight, treatmentWeight] = screen.getAllByLabelText('Weight')
    expect(treatmentWeight.getAttribute('aria-invalid')).toBe('true')
    expect(helperOf(treatmentWeight)).toBe('Weight must be more than 0 and at most 100')
    expect(controlWeight.getAttribute('aria-invalid')).toBe('false')
    const holdout = screen.getByTestId('holdout')
    expect(holdout.getAttribute('aria-invalid')).toBe('true')
    expect(helperOf(holdout)).toBe('Holdout must be between 0 % and 50 %')

    // An edit of the design clears the refusal at the fields.
    await user.clear(holdout)
    await user.type(holdout, '10')
    expect(holdout.getAttribute('aria-invalid')).toBe('false')
    expect(treatmentWeight.getAttribute('aria-invalid')).toBe('false')
  })
})
