import { describe, expect, it } from 'vitest'
import { readJson, saveJson, type SavedFormat } from '../../../src/core/db/saved-json'
import { PRICING_RUN_FORMAT, SETTINGS_FORMAT } from '../../../src/core/pricing/formats'
import { DEFAULT_SETTINGS } from '../../../src/shared/pricing/defaults'

/** A per-item cost table and per-segment shares are kept with the settings and each run, and checked on read. */
const costs = {
  file: 'costs.csv',
  item_column: 'sku',
  cost_column: 'cost',
  rows: [{ item: 'S1 × Tropic', cost: 1.2, line: 2 }]
}

const run = (settings: unknown) =>
  JSON.stringify({
    format_version: 1,
    run_id: 3,
    elasticity_run_id: 1,
    dataset: 'retail',
    model: 'ols',
    settings,
    demand: 'causal',
    refused: null,
    rows: [{ item_id: 'S1 × Tropic' }],
    portfolio: {},
    warnings: [],
    created_at: '2026-01-01T00:00:00Z'
  })

describe('cost inputs saved with the settings and the run (issue 25)', () => {
  it('round-trips a cost table and per-segment shares', () => {
    const s = { ...DEFAULT_SETTINGS, item_costs: costs, cost_shares: { Tropic: 0.55, other: 0.4 } }
    const back = readJson(SETTINGS_FORMAT, saveJson(SETTINGS_FORMAT, s))
    expect(back.item_costs).toEqual(costs)
    expect(back.cost_shares).toEqual({ Tropic: 0.55, other: 0.4 })
    expect((readJson(PRICING_RUN_FORMAT, run(s)).settings as typeof s).item_costs).toEqual(costs)
  })

  it('refuses a saved cost below zero, a share above 1 or a row without its line', () => {
    const bad = [
      { ...costs, rows: [{ item: 'a', cost: -1, line: 2 }] },
      { ...costs, rows: [{ item: 'a', cost: 1 }] }
    ]
    for (const item_costs of bad) {
      expect(() => readJson(PRICING_RUN_FORMAT, run({ objective: 'margin', item_costs }))).toThrow(
        /cannot be read/
      )
      expect(() =>
        readJson(SETTINGS_FORMAT as SavedFormat<unknown>, JSON.stringify({ format_version: 1, item_costs }))
      ).toThrow(/cannot be read/)
    }
    expect(() =>
      readJson(
        SETTINGS_FORMAT as SavedFormat<unknown>,
        JSON.stringify({ format_version: 1, cost_shares: { a: 1.5 } })
      )
    ).toThrow(/cannot be read/)
  })
})
