import { describe, expect, it } from 'vitest'
import { checkChanges, forecastScenario, scenarioPrices } from '../../../src/core/pricing/scenarios'
import type { ScenarioChange, ScenarioSpec } from '../../../src/shared/pricing'
import { parseChange as readChange } from '../../../src/shared/pricing/change-text'

/** The change a text reads as, or the refusal thrown (the CLI turns it into a usage error). */
function parseChange(text: string): ScenarioChange {
  const r = readChange(text)
  if ('error' in r) throw new Error(r.error)
  return r.change
}
import type { Catalog } from '../../../src/core/pricing/catalog'
import { constantElasticity, item } from './fixtures'
import { TOKENS } from '../../../src/core/pricing/units'

const items = [
  item('1', 100, -2, { segment: 'Programming' }),
  item('2', 50, -0.5, { segment: 'Music' }),
  item('3', 80, -1, { segment: 'Music' })
]
const catalog: Catalog = {
  dataset: 't',
  segmentName: 'category',
  items,
  season: null,
  nextWeek: null,
  unit: TOKENS
}
const spec = (patch: Partial<ScenarioSpec>): ScenarioSpec => ({
  name: 's',
  kind: 'changes',
  changes: [],
  model: null,
  market_growth_pct: 0,
  competitor_move_pct: 0,
  cross_elasticity: 0.3,
  notes: '',
  ...patch
})

describe('price scenarios', () => {
  it('reads the CLI change syntax and refuses what it cannot read', () => {
    expect(parseChange('category=Programming:+10%')).toEqual({
      scope: 'category',
      key: 'Programming',
      change_pct: 10
    })
    expect(parseChange('all:-5%')).toEqual({ scope: 'all', key: null, change_pct: -5 })
    expect(parseChange('item=17:2.5%')).toEqual({ scope: 'item', key: '17', change_pct: 2.5 })
    expect(() => parseChange('Programming +10')).toThrow(/cannot read the change/)
    expect(() => parseChange('all:-100%')).toThrow(/zero or negative/)
  })

  it('applies the most specific change and names unknown categories and items', () => {
    const changes = [parseChange('all:+5%'), parseChange('category=Music:-10%'), parseChange('item=3:+1%')]
    expect([...scenarioPrices(catalog, changes)]).toEqual([105, 45, 80.8])
    expect(() => checkChanges(catalog, [parseChange('category=Nope:+1%')])).toThrow(
      /no category named "Nope" \(there are: Programming, Music\)/
    )
    expect(() => checkChanges(catalog, [parseChange('item=99:+1%')])).toThrow(/no item "99"/)
  })

  it('forecasts with the demand curve, market growth and the competitor move, within the elasticity interval', async () => {
    const prices = scenarioPrices(catalog, [parseChange('all:+10%')])
    const el = new Map([
      ['Programming', { elasticity: -2, ci_low: -2.5, ci_high: -1.5 }],
      ['Music', { elasticity: -0.8, ci_low: -1, ci_high: -0.5 }]
    ])
    const r = await forecastScenario(
      spec({ market_growth_pct: 3, competitor_move_pct: 5 }),
      catalog,
      prices,
      constantElasticity(items),
      el,
      'test'
    )
    const market = 1.03 * 1.05 ** 0.3
    expect(r.items[0].enrollments).toBeCloseTo(100 * 1.1 ** -2 * market, 9)
    expect(r.totals.revenue).toBeCloseTo(
      items.reduce((s, it, i) => s + prices[i] * 100 * 1.1 ** it.elasticity * market, 0),
      6
    )
    const iv = r.totals.revenue_interval!
    expect(iv.low).toBeLessThanOrEqual(r.totals.revenue)
    expect(iv.high).toBeGreaterThanOrEqual(r.totals.revenue)
    expect(r.categories.map((c) => c.category).sort()).toEqual(['Music', 'Programming'])
    expect(r.notes.join(' ')).toMatch(/cross elasticity of 0.3/)
    // The uniform curve passes through this scenario: every price +10%.
    expect(r.avg_price_change_pct).toBeCloseTo(10, 9)
    const at10 = r.curve.find((p) => p.change_pct === 10)!
    expect(at10.revenue).toBeCloseTo(r.totals.revenue, 6)
  })
})
