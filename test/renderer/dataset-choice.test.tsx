// @vitest-environment jsdom
// One dataset choice (issue 28): the app bar lists every dataset (customer tables too), an import switches it to the
// new dataset, Propensity scores the app bar's table (no selector of its own), and Pricing restores, keeps and
// exports the chosen dataset's own settings and sheet (nothing stale or invalid exported).
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ApiResult } from '../../src/shared/api/calls'
import type { DatasetInfo } from '../../src/shared/data/results'
import type { PricingRun } from '../../src/shared/pricing'
import { DEFAULT_SETTINGS } from '../../src/shared/pricing/defaults'
import { DatasetSwitcher } from '../../src/renderer/src/components/DatasetSwitcher'
import { ImportDialog } from '../../src/renderer/src/components/ImportDialog'
import { CustomerPropensity } from '../../src/renderer/src/pages/propensity/CustomerPropensity'
import { PricingPage } from '../../src/renderer/src/pages/pricing/PricingPage'
import { ElasticityPage } from '../../src/renderer/src/pages/elasticity/ElasticityPage'
import { fakeClient, renderWithClient, SHOP, type Handlers } from './fake-client'

afterEach(() => {
  cleanup()
  localStorage.clear()
})

const info = (name: string, rows: number, columns: string[]): DatasetInfo => ({
  id: rows,
  name,
  table: `ds_${name}`,
  sourceFile: `${name}.csv`,
  importedAt: '2026-01-01',
  rows,
  columns: columns.map((c) => ({ name: c, type: 'text' as const })),
  roles: {},
  version: 1
})
const SHOP_INFO = info('shop', 1000, ['sku', 'week', 'price', 'units'])
const CHURN = info('churn', 420, ['customer', 'plan', 'churned'])
const OTHER = { ...SHOP, id: 'other', label: 'other', rows: 500, segment: null }

/** Opens the app bar's menu and picks a dataset. */
async function choose(user: ReturnType<typeof userEvent.setup>, id: string) {
  // The list is read first (the menu is disabled until then).
  await waitFor(() => expect(screen.getByTestId('dataset-switcher').getAttribute('value')).not.toBe(''))
  await user.click(within(screen.getByTestId('dataset-switcher').parentElement!).getByRole('combobox'))
  await user.click(await screen.findByTestId(`dataset-option-${id}`))
  await waitFor(() => expect(screen.getByTestId('dataset-switcher').getAttribute('value')).toBe(id))
}

describe('the app bar is the one dataset choice', () => {
  it('lists customer tables beside the sales datasets', async () => {
    const client = fakeClient({
      'elasticity:sources': () => [SHOP],
      'data:datasets': () => [SHOP_INFO, CHURN]
    })
    renderWithClient(<DatasetSwitcher />, client)
    const user = userEvent.setup()
    await choose(user, 'churn')
    expect(screen.getByTestId('dataset-switcher').getAttribute('value')).toBe('churn')
  })

  it('does not say "no dataset yet" to a project holding only a customer table', async () => {
    const client = fakeClient({ 'elasticity:sources': () => [], 'data:datasets': () => [CHURN] })
    renderWithClient(<DatasetSwitcher />, client)
    await waitFor(() => expect(screen.getByTestId('dataset-switcher').getAttribute('value')).toBe('churn'))
    expect(screen.queryByText(/No dataset yet/)).toBeNull()
  })

  it('switches to a dataset the import wrote', async () => {
    let imported = false
    const client = fakeClient({
      'elasticity:sources': () => (imported ? [SHOP, OTHER] : [SHOP]),
      'data:datasets': () => (imported ? [SHOP_INFO, info('other', 500, ['sku'])] : [SHOP_INFO]),
      'import:preview': () => PREVIEW,
      'import:run': () => {
        imported = true
        const done: ApiResult<'import:run'> = {
          table: 'ds_other',
          dataset: 'other',
          rows: 2,
          bytes: 10,
          ms: 1,
          rowsPerSecond: 2
        }
        return done
      }
    })
    const file = { fileId: 'f', name: 'other.csv', size: 10 }
    renderWithClient(
      <>
        <DatasetSwitcher />
        <ImportDialog file={file} onClose={() => {}} />
      </>,
      client
    )
    await waitFor(() => expect(screen.getByTestId('dataset-switcher').getAttribute('value')).toBe('shop'))
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Import' }))
    expect(await screen.findByTestId('import-success')).toBeTruthy()
    // The app bar follows the import: the pages open on the new dataset, not on the one before.
    await waitFor(() => expect(screen.getByTestId('dataset-switcher').getAttribute('value')).toBe('other'))
  })

  it('Propensity scores the app bar’s customer table, with no dataset choice of its own', async () => {
    const client = fakeClient({
      'elasticity:sources': () => [SHOP],
      'data:datasets': () => [SHOP_INFO, CHURN],
      'propensity:customerRun': () => null
    })
    renderWithClient(
      <>
        <DatasetSwitcher />
        <CustomerPropensity source="customers" />
      </>,
      client
    )
    const user = userEvent.setup()
    await choose(user, 'churn')
    await waitFor(() =>
      expect(screen.getByTestId('customer-dataset').textContent).toMatch(/^churn · 420 rows/)
    )
    // One Dataset field on the screen: the app bar's.
    expect(screen.getAllByRole('combobox', { name: 'Dataset' })).toHaveLength(1)
    await user.click(screen.getByRole('combobox', { name: 'Label column' }))
    expect(await screen.findByRole('option', { name: 'churned' })).toBeTruthy()
    await waitFor(() =>
      expect(client.calls).toContainEqual({ name: 'propensity:customerRun', args: { dataset: 'churn' } })
    )
  })
})

describe('the Elasticity form per dataset', () => {
  it('keeps the form left on each dataset, and starts another from its defaults', async () => {
    const client = fakeClient({
      'elasticity:sources': () => [SHOP, OTHER],
      'data:datasets': () => [],
      'elasticity:runs': () => []
    })
    renderWithClient(
      <>
        <DatasetSwitcher />
        <ElasticityPage />
      </>,
      client
    )
    const user = userEvent.setup()
    const seed = () => screen.getByTestId('elasticity-seed') as HTMLInputElement
    await waitFor(() => expect(seed().value).toBe('42'))
    await user.clear(seed())
    await user.type(seed(), '7')
    await user.click(screen.getByRole('checkbox', { name: /Gradient boosting|GBM/ }))
    const gbm = () =>
      (screen.getByRole('checkbox', { name: /Gradient boosting|GBM/ }) as HTMLInputElement).checked
    expect(gbm()).toBe(false)
    // Another dataset starts from its own (default) form, not the one left on "shop".
    await choose(user, 'other')
    await waitFor(() => expect(seed().value).toBe('42'))
    expect(gbm()).toBe(true)
    // Back on "shop": the form as it was left.
    await choose(user, 'shop')
    await waitFor(() => expect(seed().value).toBe('7'))
    expect(gbm()).toBe(false)
  })
})

/** A sheet of one dataset (no rows: only what the form and the exports read of it). */
const sheet = (dataset: string, runId: number, costShare: number): PricingRun =>
  ({
    run_id: runId,
    dataset,
    elasticity_run_id: 1,
    model: 'ols',
    settings: { ...DEFAULT_SETTINGS, cost_share: costShare },
    rows: [],
    portfolio: null,
    refused: null,
    unit: null
  }) as unknown as PricingRun

function pricingClient(more: Handlers = {}) {
  const settings: Record<string, number> = { shop: 0.6, other: 0.25 }
  return fakeClient({
    'elasticity:sources': () => [SHOP, OTHER],
    'data:datasets': () => [],
    'pricing:settings': ({ dataset }) => ({ ...DEFAULT_SETTINGS, cost_share: settings[dataset ?? ''] ?? 0 }),
    'elasticity:runs': () => [],
    'pricing:run': ({ dataset }) => (dataset === 'shop' ? sheet('shop', 7, 0.6) : null),
    'pricing:scenarios': () => [],
    'pricing:export': ({ runId }) => ({ fileId: 'x', name: `price-sheet-run${runId}.csv`, size: 1, rows: 0 }),
    ...more
  })
}

describe('Pricing follows the app bar', () => {
  it("restores the dataset's own settings and sheet, and exports that sheet", async () => {
    const client = pricingClient()
    renderWithClient(
      <>
        <DatasetSwitcher />
        <PricingPage onGoToData={() => {}} />
      </>,
      client
    )
    const user = userEvent.setup()
    // The page opens on the app bar's dataset with its own cost share (60%) and its last sheet, exportable.
    const cost = await screen.findByLabelText(/^Unit cost/)
    await waitFor(() => expect((cost as HTMLInputElement).value).toBe('60'))
    const exportButton = screen.getByTestId('export-sheet')
    await waitFor(() => expect(exportButton.hasAttribute('disabled')).toBe(false))
    await user.click(exportButton)
    await waitFor(() =>
      expect(client.calls).toContainEqual({ name: 'pricing:export', args: { bom: true, runId: 7 } })
    )

    // Another dataset: its own settings (25%), and no sheet to export (not the first dataset's).
    await choose(user, 'other')
    await waitFor(() => expect((screen.getByLabelText(/^Unit cost/) as HTMLInputElement).value).toBe('25'))
    expect(client.calls).toContainEqual({ name: 'pricing:settings', args: { dataset: 'other' } })
    expect(screen.getByTestId('export-sheet').hasAttribute('disabled')).toBe(true)

    // Back: the first dataset's settings and sheet again.
    await choose(user, 'shop')
    await waitFor(() => expect((screen.getByLabelText(/^Unit cost/) as HTMLInputElement).value).toBe('60'))
    await waitFor(() => expect(screen.getByTestId('export-sheet').hasAttribute('disabled')).toBe(false))
  })

  it('exports nothing stale or invalid', async () => {
    renderWithClient(<PricingPage onGoToData={() => {}} />, pricingClient())
    const user = userEvent.setup()
    const exportButton = await screen.findByTestId('export-sheet')
    await waitFor(() => expect(exportButton.hasAttribute('disabled')).toBe(false))
    // An invalid field: nothing is exported, and the page says why.
    const field = await screen.findByLabelText('Max decrease')
    await user.clear(field)
    await user.type(field, '150')
    expect(exportButton.hasAttribute('disabled')).toBe(true)
    expect(screen.getByTestId('export-blocked').textContent).toMatch(/not valid/)
    // A valid change the sheet was not computed with: stale, so it waits for a new optimization too.
    await user.clear(field)
    await user.type(field, '25')
    await waitFor(() => expect(screen.getByTestId('export-blocked').textContent).toMatch(/other settings/))
    expect(exportButton.hasAttribute('disabled')).toBe(true)
  })
})

const PREVIEW: ApiResult<'import:preview'> = {
  file: 'other.csv',
  format: 'csv',
  encoding: { encoding: 'utf-8', reason: 'valid-utf8' },
  roles: ['item', 'price', 'quantity'],
  delimiter: ',',
  decimal: '.',
  header: ['sku', 'price', 'units'],
  columns: ['sku', 'price', 'units'].map((name, i) => ({
    name,
    type: i === 0 ? ('text' as const) : ('number' as const),
    missing: 0,
    distinct: 2,
    examples: ['1', '2'],
    invalid: 0
  })),
  rows: [['A', '1', '2']],
  sampledRows: 2,
  truncated: false
}
