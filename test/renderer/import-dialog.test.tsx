// @vitest-environment jsdom
// The Import dialog against a fake API: it shows the file's columns, warns while no column is the price, and guards the name.
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { CsvPreview } from '../../src/shared/data/results'
import type { ImportPlan } from '../../src/shared/data/calls'
import type { ApiResult } from '../../src/shared/api/calls'
import type { StagedFile } from '../../src/shared/api'
import { ImportDialog } from '../../src/renderer/src/components/ImportDialog'
import { fakeClient, renderWithClient, type Handlers } from './fake-client'

afterEach(cleanup)

const FILE: StagedFile = { fileId: 'f1', name: 'shop.csv', size: 2048 }

const column = (name: string, type: 'integer' | 'number' | 'date' | 'text', examples: string[]) => ({
  name,
  type,
  missing: 0,
  distinct: examples.length,
  examples,
  invalid: 0,
  ...(type === 'date' ? { dateFormat: 'YYYY-MM-DD' as const } : {})
})

/** A sales file whose price column is named "amount": the preview cannot guess its role. */
const PREVIEW: CsvPreview = {
  file: 'shop.csv',
  format: 'csv',
  encoding: { encoding: 'utf-8', reason: 'valid-utf8' },
  roles: ['item', 'period', 'none', 'quantity'],
  delimiter: ',',
  decimal: '.',
  header: ['sku', 'week', 'amount', 'units'],
  columns: [
    column('sku', 'text', ['A1', 'B2']),
    column('week', 'date', ['2024-01-01', '2024-01-08']),
    column('amount', 'number', ['9.99', '10.49']),
    column('units', 'integer', ['12', '7'])
  ],
  rows: [['A1', '2024-01-01', '9.99', '12']],
  sampledRows: 2,
  truncated: false
}

function setUp(extra: Handlers = {}) {
  const client = fakeClient({
    'elasticity:sources': () => [],
    'data:datasets': () => [],
    'import:preview': () => PREVIEW,
    ...extra
  })
  renderWithClient(<ImportDialog file={FILE} onClose={() => {}} />, client)
  return client
}

describe('ImportDialog', () => {
  it("shows the file's columns with their examples and warns that no column is the price", async () => {
    setUp()
    expect(await screen.findByText('4 columns')).toBeTruthy()
    for (const name of ['sku', 'week', 'amount', 'units']) expect(screen.getByText(name)).toBeTruthy()
    expect(screen.getByText('9.99 · 10.49')).toBeTruthy()
    const missing = screen.getByTestId('import-missing-roles')
    expect(within(missing).getByText('No price')).toBeTruthy()
    expect(within(missing).queryByText('No quantity')).toBeNull()
  })

  it('choosing the price column clears the warning and the import sends it as the price', async () => {
    let sent: ImportPlan | null = null
    const client = setUp({
      'import:run': ({ plan }) => {
        sent = plan
        const done: ApiResult<'import:run'> = {
          table: 'ds_shop',
          dataset: 'shop',
          rows: 2,
          bytes: 2048,
          ms: 10,
          rowsPerSecond: 200
        }
        return done
      }
    })
    const user = userEvent.setup()
    const roleInput = await screen.findByTestId('role-amount')
    await user.click(within(roleInput.parentElement!).getByRole('combobox'))
    await user.click(await screen.findByRole('option', { name: /^Price/ }))
    await waitFor(() => expect(screen.queryByText('No price')).toBeNull())

    await user.click(screen.getByRole('button', { name: 'Import' }))
    const success = await screen.findByTestId('import-success')
    // The dataset's name, never the table PriceLab stores it in.
    expect(success.textContent).toContain('into the dataset "shop"')
    expect(success.textContent).not.toContain('ds_shop')
    expect(client.calls.some((c) => c.name === 'import:run')).toBe(true)
    expect(sent).toMatchObject({
      target: { kind: 'dataset', name: 'shop', roles: { price: 'amount', quantity: 'units' } }
    })
  })

  it('refuses a dataset name that is taken until Replace is ticked', async () => {
    setUp({ 'data:datasets': () => [{ name: 'Shop' } as ApiResult<'data:datasets'>[number]] })
    const user = userEvent.setup()
    expect(await screen.findByText('A dataset named "shop" already exists.')).toBeTruthy()
    const importButton = screen.getByRole('button', { name: 'Import' })
    expect(importButton.hasAttribute('disabled')).toBe(true)
    await user.click(screen.getByRole('checkbox', { name: 'Replace the existing dataset' }))
    await waitFor(() => expect(importButton.hasAttribute('disabled')).toBe(false))
    expect(screen.queryByText('A dataset named "shop" already exists.')).toBeNull()
  })

  it('counts missing values over the whole file, saying "in the first N rows" until the count is in', async () => {
    let answer: (r: ApiResult<'import:missingCounts'>) => void = () => {}
    const big: CsvPreview = {
      ...PREVIEW,
      columns: PREVIEW.columns.map((c) => (c.name === 'amount' ? { ...c, missing: 8 } : c)),
      sampledRows: 5000,
      truncated: true
    }
    const client = setUp({
      'import:preview': () => big,
      'import:missingCounts': () => new Promise((resolve) => (answer = resolve))
    })
    const cell = await screen.findByTestId('missing-amount')
    expect(cell.textContent).toBe('8 in the first 5,000 rows')
    expect(screen.getByTestId('missing-counting')).toBeTruthy()
    expect(client.calls.find((c) => c.name === 'import:missingCounts')?.args).toMatchObject({
      fileId: 'f1',
      encoding: 'utf-8'
    })
    answer({
      rows: 6000,
      columns: PREVIEW.header.map((name) => ({ name, missing: name === 'amount' ? 11 : 0 }))
    })
    await waitFor(() => expect(screen.getByTestId('missing-amount').textContent).toBe('11'))
    expect(screen.getByText('Missing (all 6,000 rows)')).toBeTruthy()
  })

  it('a file read whole by the preview shows its counts as they are, without counting again', async () => {
    const client = setUp()
    expect(await screen.findByText('4 columns')).toBeTruthy()
    expect(screen.getByText('Missing')).toBeTruthy()
    expect(client.calls.some((c) => c.name === 'import:missingCounts')).toBe(false)
  })
})
