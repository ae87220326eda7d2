// @vitest-environment jsdom
// The Pricing page's form against a fake API: a field out of its bounds says why and disables Optimize until fixed.
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { DEFAULT_SETTINGS } from '../../src/shared/pricing/defaults'
import { PricingPage } from '../../src/renderer/src/pages/pricing/PricingPage'
import { ApiError } from '../../src/shared/api/envelope'
import { fakeClient, renderWithClient, SHOP } from './fake-client'

afterEach(cleanup)

function setUp(more: Parameters<typeof fakeClient>[0] = {}) {
  const client = fakeClient({
    'elasticity:sources': () => [SHOP],
    'pricing:settings': () => DEFAULT_SETTINGS,
    'elasticity:runs': () => [],
    'pricing:run': () => null,
    'pricing:scenarios': () => [],
    ...more
  })
  renderWithClient(<PricingPage onGoToData={() => {}} />, client)
  return client
}

describe('the pricing form', () => {
  it("shows a field's error and disables Optimize until the value is back in bounds", async () => {
    setUp()
    const user = userEvent.setup()
    const optimize = await screen.findByTestId('optimize')
    // The dataset has no trained models yet: optimizing trains them first, and the button says so.
    await waitFor(() => expect(optimize.textContent).toBe('Train models and optimize'))
    await waitFor(() => expect(optimize.hasAttribute('disabled')).toBe(false))

    const field = await screen.findByLabelText('Max decrease')
    await user.clear(field)
    await user.type(field, '150')
    expect(field.getAttribute('aria-invalid')).toBe('true')
    expect(screen.getAllByText(/Max decrease must be/).length).toBeGreaterThan(0)
    expect(optimize.hasAttribute('disabled')).toBe(true)
    expect(screen.getByTestId('optimize-invalid').textContent).toMatch(/Max decrease/)

    await user.clear(field)
    await user.type(field, '30')
    expect(field.getAttribute('aria-invalid')).toBe('false')
    await waitFor(() => expect(optimize.hasAttribute('disabled')).toBe(false))
    expect(screen.queryByTestId('optimize-invalid')).toBeNull()
  })

  it('offers the segment in the dataset’s words', async () => {
    setUp()
    // The brand is the segment: the field is not called "Category avg change".
    expect(await screen.findByLabelText('Brand avg change')).toBeTruthy()
    expect(screen.queryByLabelText('Category avg change')).toBeNull()
  })

  it('shows a refusal at the field it is about, and the rest in the banner', async () => {
    const run = {
      run_id: 7,
      dataset: 'shop',
      dataset_version: 1,
      best_model: 'loglog',
      best_cv_rmse: 0.1,
      models: 1,
      created_at: '2026-01-01'
    }
    setUp({
      'elasticity:runs': () => [run],
      'elasticity:run': () => null,
      'pricing:optimize': () => {
        throw new ApiError({
          code: 'invalid_input',
          message: 'pricing:optimize: settings.guardrails.max_decrease: Too big; runId: Too small',
          issues: [
            {
              path: ['settings', 'guardrails', 'max_decrease'],
              message: 'Too big: expected number to be <0.99',
              bound: { max: 0.99, inclusive: false }
            },
            { path: ['runId'], message: 'Too small' }
          ]
        })
      }
    })
    const user = userEvent.setup()
    const optimize = await screen.findByTestId('optimize')
    await waitFor(() => expect(optimize.textContent).toBe('Optimize prices'))
    await waitFor(() => expect(optimize.hasAttribute('disabled')).toBe(false))
    const field = await screen.findByLabelText('Max decrease')
    expect(field.getAttribute('aria-invalid')).toBe('false')

    await user.click(optimize)
    // The field itself is flagged and says why, in its own terms.
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'))
    const helper = document.getElementById(field.getAttribute('aria-describedby') ?? '')
    expect(helper?.textContent).toMatch(/^Max decrease must be /)
    // The banner still says the whole refusal, including what has no field.
    expect(screen.getByText(/runId: Too small/)).toBeTruthy()

    // Editing the settings clears the refusal at the field.
    await user.clear(field)
    await user.type(field, '20')
    expect(field.getAttribute('aria-invalid')).toBe('false')
  })
})
