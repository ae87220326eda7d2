// @vitest-environment jsdom
// The Pricing page has what the CLI has (issue 25): a cost share per segment (--cost-share Tropicana=0.55,other=0.4)
// and a rounding step of the analyst's own (--round 0.05), checked in the form and sent with the dataset's settings.
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ElasticityReport, RunSummary } from '../../src/shared/elasticity/results'
import type { PricingSettings } from '../../src/shared/pricing'
import { DEFAULT_SETTINGS } from '../../src/shared/pricing/defaults'
import { ApiError } from '../../src/shared/api/envelope'
import { PricingPage } from '../../src/renderer/src/pages/pricing/PricingPage'
import { fakeClient, renderWithClient, SHOP } from './fake-client'

afterEach(cleanup)

const RUN = { run_id: 3, dataset: 'shop' } as RunSummary
const REPORT = {
  run_id: 3,
  dataset: 'shop',
  models: [{ name: 'ols' }],
  segments: [{ segment: 'Tropicana' }, { segment: 'Minute Maid' }]
} as unknown as ElasticityReport

function setUp(settings: PricingSettings = DEFAULT_SETTINGS) {
  const client = fakeClient({
    'elasticity:sources': () => [SHOP],
    'pricing:settings': () => settings,
    'elasticity:runs': () => [RUN],
    'elasticity:run': () => REPORT,
    'pricing:run': () => null,
    'pricing:scenarios': () => [],
    'pricing:optimize': () => {
      throw new ApiError({ code: 'internal', message: 'not in this test' })
    }
  })
  renderWithClient(<PricingPage onGoToData={() => {}} />, client)
  return client
}

const sent = (client: ReturnType<typeof setUp>) =>
  (client.calls.find((c) => c.name === 'pricing:optimize')?.args as { settings: PricingSettings }).settings

describe("the Pricing page's cost share per segment and rounding step", () => {
  it("sends a brand's own cost share with the settings; a share above 100% blocks Optimize", async () => {
    const client = setUp()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('switch', { name: 'Cost share per brand' }))
    const tropicana = await screen.findByTestId('cost-share-Tropicana')
    expect(screen.getByTestId('cost-share-Minute Maid')).toBeTruthy()
    await user.type(tropicana, '155')
    expect((await screen.findAllByText(/between 0 % and 100 %/)).length).toBeGreaterThan(0)
    const optimize = screen.getByRole('button', { name: /Optimize prices/ })
    expect(optimize.hasAttribute('disabled')).toBe(true)
    await user.clear(tropicana)
    await user.type(tropicana, '55')
    await waitFor(() => expect(optimize.hasAttribute('disabled')).toBe(false))
    await user.click(optimize)
    await waitFor(() => expect(sent(client)).toBeTruthy())
    expect(sent(client).cost_shares).toEqual({ Tropicana: 0.55 })
  })

  it('a saved share for a brand the dataset does not have is named and blocks Optimize', async () => {
    setUp({ ...DEFAULT_SETTINGS, cost_shares: { Tropicanna: 0.5 } })
    expect(await screen.findByText('Not a brand of this dataset: clear it')).toBeTruthy()
    await waitFor(() =>
      expect(screen.getByRole('button', { name: /Optimize prices/ }).hasAttribute('disabled')).toBe(true)
    )
    expect(screen.getByTestId('optimize-invalid').textContent).toMatch(
      /no brand "Tropicanna" in this dataset/
    )
  })

  it('rounds to a step of the analyst’s own; an empty step says what is missing', async () => {
    const client = setUp()
    const user = userEvent.setup()
    await user.click(within(await screen.findByTestId('rounding')))
    await user.click(await screen.findByRole('option', { name: /A step of my own/ }))
    const step = await screen.findByTestId('rounding-step')
    expect((step as HTMLInputElement).value).toBe('0.05')
    await user.clear(step)
    expect((await screen.findByTestId('optimize-invalid')).textContent).toMatch(/Price step is required/)
    await user.type(step, '0.25')
    const optimize = screen.getByRole('button', { name: /Optimize prices/ })
    await waitFor(() => expect(optimize.hasAttribute('disabled')).toBe(false))
    await user.click(optimize)
    await waitFor(() => expect(sent(client)).toBeTruthy())
    expect(sent(client).guardrails.rounding).toMatchObject({ rule: 'step', step: 0.25 })
  })
})

/** The select's visible box (MUI puts the test id on its hidden input). */
function within(input: HTMLElement): HTMLElement {
  return input.parentElement?.querySelector('[role="combobox"]') as HTMLElement
}
