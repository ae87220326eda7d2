// @vitest-environment jsdom
// The Pricing page's form against a fake API: a field out of its bounds says why and disables Optimize until fixed.
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { DEFAULT_SETTINGS } from '../../src/shared/pricing/defaults'
import type { ElasticitySource } from '../../src/shared/elasticity/results'
import { PricingPage } from '../../src/renderer/src/pages/pricing/PricingPage'
import { fakeClient, renderWithClient } from './fake-client'

afterEach(cleanup)

const SHOP: ElasticitySource = {
  id: 'shop',
  label: 'shop',
  rows: 1000,
  segment: 'brand',
  period: 'week',
  price: 'price',
  quantity: 'units',
  controls: []
}

function setUp() {
  const client = fakeClient({
    'elasticity:sources': () => [SHOP],
    'pricing:settings': () => DEFAULT_SETTINGS,
    'elasticity:runs': () => [],
    'pricing:run': () => null,
    'pricing:scenarios': () => []
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

    const field = await screen.findByLabelText('Max decrease', {}, { timeout: 5000 })
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
    expect(await screen.findByLabelText('Brand avg change', {}, { timeout: 5000 })).toBeTruthy()
    expect(screen.queryByLabelText('Category avg change')).toBeNull()
  })
})
