// @vitest-environment jsdom
// The Pricing page's cost table: a CSV picked there is read by the backend and sent with the settings; a bad one says where.
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { DEFAULT_SETTINGS } from '../../src/shared/pricing/defaults'
import { PricingPage } from '../../src/renderer/src/pages/pricing/PricingPage'
import { ApiError } from '../../src/shared/api/envelope'
import { fakeClient, renderWithClient, SHOP } from './fake-client'

afterEach(cleanup)

const TABLE = {
  file: 'costs.csv',
  item_column: 'sku',
  cost_column: 'unit_cost',
  rows: [
    { item: 'S1 × Tropic', cost: 1.2, line: 2 },
    { item: 'S1 × Minute', cost: 1.5, line: 3 }
  ]
}

function setUp(readCosts: () => typeof TABLE) {
  const client = fakeClient({
    'elasticity:sources': () => [SHOP],
    'pricing:settings': () => DEFAULT_SETTINGS,
    'elasticity:runs': () => [],
    'pricing:run': () => null,
    'pricing:scenarios': () => [],
    'pricing:readCosts': readCosts
  })
  renderWithClient(<PricingPage onGoToData={() => {}} />, client)
  return client
}

const pick = async (text: string) => {
  const input = await screen.findByTestId('cost-table-file')
  fireEvent.change(input, { target: { files: [new File([text], 'costs.csv', { type: 'text/csv' })] } })
}

describe('the cost table on the Pricing page', () => {
  it('reads the picked CSV through the backend and shows what it holds', async () => {
    const client = setUp(() => TABLE)
    await pick('sku,unit_cost\nS1 × Tropic,1.2\nS1 × Minute,1.5\n')
    const chip = await screen.findByTestId('cost-table')
    expect(chip.textContent).toBe('costs.csv: 2 sku costs (column "unit_cost")')
    const read = client.calls.find((c) => c.name === 'pricing:readCosts')?.args as {
      file: string
      text: string
      dataset: string
    }
    expect(read).toMatchObject({ file: 'costs.csv', dataset: 'shop' })
    expect(read.text).toContain('S1 × Minute,1.5')
    // Removing it leaves the other cost sources.
    const remove = chip.querySelector('svg') as SVGElement
    fireEvent.click(remove)
    await waitFor(() => expect(screen.queryByTestId('cost-table')).toBeNull())
  })

  it('a refused file says its line and column, and keeps no table', async () => {
    setUp(() => {
      throw new ApiError({
        code: 'csv_error',
        message: 'costs.csv:3:2 (column "unit_cost"): cost "abc" is not a number'
      })
    })
    await pick('sku,unit_cost\nS1 × Tropic,1.2\nS1 × Minute,abc\n')
    expect((await screen.findByTestId('cost-table-error')).textContent).toBe(
      'costs.csv:3:2 (column "unit_cost"): cost "abc" is not a number'
    )
    expect(screen.queryByTestId('cost-table')).toBeNull()
  })
})
