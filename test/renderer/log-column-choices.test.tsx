// @vitest-environment jsdom
// The sales-log import's column choices: one select per role, drawn from one list (the ~26 repeated select
// blocks folded), in the order the analyst reads them, each writing its own choice.
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { LogColumnChoices } from '../../src/renderer/src/components/import/LogColumnChoices'
import type { LogChoices } from '../../src/renderer/src/components/import/guessRecipe'

afterEach(cleanup)

const choices: LogChoices = {
  itemBy: ['store', 'sku'],
  time: 'sold_at',
  bucket: 'week',
  weekStart: 'monday',
  price: 'unit_price',
  listPrice: '',
  quantity: 'units',
  segments: [],
  features: [],
  cost: ''
}
const columns = ['store', 'sku', 'sold_at', 'unit_price', 'list_price', 'units', 'brand', 'promo']

describe('LogColumnChoices', () => {
  it('shows every role in order with its chosen columns, and a choice writes only its own key', async () => {
    const patches: Partial<LogChoices>[] = []
    render(<LogColumnChoices columns={columns} choices={choices} onChange={(p) => patches.push(p)} />)
    const labels = [...screen.getByTestId('log-choices').querySelectorAll('.MuiInputLabel-root')].map(
      (l) => l.textContent
    )
    expect(labels).toEqual([
      'Item',
      'Date or timestamp',
      'Period',
      'Weeks start on',
      'Price paid',
      'List price (optional)',
      'Units',
      'Unit cost (optional)',
      'Segments',
      'Promotion flags'
    ])
    expect((screen.getByTestId('log-item-by') as HTMLInputElement).value).toBe('store,sku')
    expect((screen.getByTestId('log-price') as HTMLInputElement).value).toBe('unit_price')
    fireEvent.mouseDown(within(screen.getByTestId('log-choices')).getAllByRole('combobox')[5])
    fireEvent.click(await screen.findByRole('option', { name: 'list_price' }))
    expect(patches).toEqual([{ listPrice: 'list_price' }])
  })
})
