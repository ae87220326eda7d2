import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { optimizePrices } from '../../../src/core/pricing/optimize'
import { DEFAULT_GUARDRAILS } from '../../../src/shared/pricing/defaults'
import type { Guardrails } from '../../../src/shared/pricing'
import { decimalsOf } from '../../../src/core/pricing/rounding'
import { currency, inferCurrency, TOKENS } from '../../../src/core/pricing/units'
import { constantElasticity, item, open, type TestItem } from './fixtures'

const dollars = currency(2)
const run = (items: TestItem[], g: Guardrails, unit = dollars) =>
  optimizePrices(items, constantElasticity(items), {
    objective: 'revenue',
    min_volume_share: null,
    guardrails: g,
    unit
  })

/** Default guardrails on dollar prices (±20%, inside the observed range, the unit's default rounding). */
const defaults = (extra: Partial<Guardrails> = {}): Guardrails => ({ ...DEFAULT_GUARDRAILS, ...extra })

describe('price units', () => {
  it('infers a 2-decimal currency from prices with cents and a whole one from whole prices', () => {
    expect(inferCurrency([2.51, 3.29, 1.99])).toMatchObject({ kind: 'currency', decimals: 2 })
    expect(inferCurrency([2.5, 3, 4])).toMatchObject({ decimals: 2 })
    expect(inferCurrency([120, 250, 99])).toMatchObject({ decimals: 0 })
    expect(inferCurrency([0.0345, 0.05])).toMatchObject({ decimals: 4 })
  })

  it('rounds dollar prices to the cent by default, not to whole units ($2.51 stays near $2.51)', async () => {
    // Elastic demand wants the price down: by default it goes to the −20% bound, to the cent.
    const items = [item('oj', 2.51, -2.5, { observed_min: 1.29, observed_max: 4.49 })]
    const r = await run(items, defaults())
    expect(r.items[0].price).toBe(2.01)
    expect(r.items[0].binding).toBe('max_decrease')
    // Whole tokens stay the default only for token catalogs.
    const tk = [item('c', 47.3, -0.5, { observed_min: 30, observed_max: 80 })]
    expect(Number.isInteger((await run(tk, defaults(), TOKENS)).items[0].price)).toBe(true)
  })

  it('refuses a rounding rule the unit cannot carry', async () => {
    const items = [item('a', 120, -2)]
    await expect(
      run(items, defaults({ rounding: { rule: '99', direction: 'nearest' } }), currency(0))
    ).rejects.toThrow(/needs prices with cents/)
  })
})

describe('post-steps keep the optimum’s promises', () => {
  it('never rounds $2.51 to $3 for an elastic product: it keeps today’s price and says why', async () => {
    const items = [item('oj', 2.51, -2.5, { observed_min: 1.29, observed_max: 4.49 })]
    const r = await run(items, defaults({ rounding: { rule: 'whole', direction: 'nearest' } }))
    expect(r.items[0].price).toBe(2.51)
    expect(r.items[0].binding).toBe('no_harm')
    expect(r.warnings.join(' ')).toMatch(/^1 item keeps today's price because its price after rounding/m)
  })

  it('never moves an item that keeps today’s price ($3.41 with demand rising in price)', async () => {
    const items = [item('pos', 3.41, 0.4, { observed_min: 2.5, observed_max: 4 })]
    for (const rule of ['whole', '99', 'cent', '9'] as const) {
      const r = await run(items, defaults({ rounding: { rule, direction: 'nearest' } }))
      expect(r.items[0].price).toBe(3.41)
      expect(r.items[0].binding).toBe('positive_elasticity')
    }
  })

  it('never leaves more decimals than the unit where the rule cannot fit (no 2.0346072)', async () => {
    // No price ending in 9 lies in [2.0346, 2.10]: the price falls back to the cent, inside the bounds.
    const items = [item('x', 2.06, -3, { observed_min: 2.0346072, observed_max: 2.1 })]
    const r = await run(items, defaults({ rounding: { rule: '9', direction: 'nearest' } }))
    const p = r.items[0].price
    expect(decimalsOf(p)).toBeLessThanOrEqual(2)
    expect(p).toBeGreaterThanOrEqual(2.0346072)
    expect(p).toBeLessThanOrEqual(2.1)
  })

  it('property: rounding, ladders and category averages never cross a bound, move a kept item or add decimals', async () => {
    const arbItem = fc.record({
      cents: fc.integer({ min: 99, max: 2000 }),
      elasticity: fc.double({ min: -4, max: 0.5, noNaN: true }),
      tier: fc.constantFrom('Basic', 'Premium'),
      line: fc.constantFrom('L1', 'L2')
    })
    const arbG = fc.record({
      rule: fc.constantFrom('auto', 'none', 'cent', 'whole', '99', '95', '49', '9'),
      direction: fc.constantFrom('nearest', 'up', 'down'),
      change: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
      ladder: fc.boolean(),
      avg: fc.option(fc.double({ min: 0, max: 0.1, noNaN: true })),
      lockFirst: fc.boolean()
    })
    await fc.assert(
      fc.asyncProperty(fc.array(arbItem, { minLength: 1, maxLength: 8 }), arbG, async (raw, gg) => {
        const items = raw.map((r, k) =>
          item(String(k), r.cents / 100, r.elasticity, {
            tier: r.tier,
            line: r.line,
            observed_min: (r.cents / 100) * 0.7,
            observed_max: (r.cents / 100) * 1.4
          })
        )
        const g = defaults({
          max_increase: gg.change,
          max_decrease: gg.change,
          ladder: gg.ladder ? { tiers: ['Basic', 'Premium'], min_gap: 0.05 } : null,
          category_avg_change: gg.avg,
          rounding: { rule: gg.rule, direction: gg.direction },
          locked: gg.lockFirst ? ['0'] : []
        })
        const r = await run(items, g)
        r.items.forEach((x, i) => {
          const it = items[i]
          const kept =
            x.binding === 'locked' || x.binding === 'positive_elasticity' || x.binding === 'no_harm'
          if (kept || (gg.lockFirst && i === 0)) expect(x.price).toBe(it.current_price)
          expect(x.price).toBeGreaterThanOrEqual(x.bounds.lo - 1e-9)
          expect(x.price).toBeLessThanOrEqual(x.bounds.hi + 1e-9)
          expect(decimalsOf(x.price)).toBeLessThanOrEqual(2)
        })
      }),
      { numRuns: 200, seed: 13 }
    )
  })
})

describe('do no harm', () => {
  it('the sheet is never worse than today under the model that made it (property)', async () => {
    const arb = fc.array(
      fc.record({
        cents: fc.integer({ min: 99, max: 5000 }),
        elasticity: fc.double({ min: -5, max: 0.3, noNaN: true })
      }),
      { minLength: 1, maxLength: 10 }
    )
    const arbRule = fc.constantFrom('auto', 'whole', '99', '95', '49', '9')
    await fc.assert(
      fc.asyncProperty(arb, arbRule, async (raw, rule) => {
        const items = raw.map((r, k) => item(String(k), r.cents / 100, r.elasticity))
        const r = await run(
          items,
          defaults({ stay_in_observed: false, rounding: { rule, direction: 'nearest' } })
        )
        const before = items.reduce((s, it) => s + it.current_price * 100, 0)
        const after = r.items.reduce((s, x) => s + x.price * x.quantity, 0)
        expect(after).toBeGreaterThanOrEqual(before * (1 - 1e-9))
        r.items.forEach((x, i) =>
          expect(x.price * x.quantity).toBeGreaterThanOrEqual(items[i].current_price * 100 * (1 - 1e-9))
        )
      }),
      { numRuns: 150, seed: 3 }
    )
  })

  it('a portfolio rule may force a loss, and the item is labelled with it', async () => {
    // Inelastic demand wants +20%; a volume floor at 100% of today forces prices back down.
    const items = [item('a', 10, -0.5), item('b', 12, -0.5)]
    const r = await optimizePrices(items, constantElasticity(items), {
      objective: 'revenue',
      min_volume_share: 1.05,
      guardrails: open({
        max_increase: 0.2,
        max_decrease: 0.2,
        rounding: { rule: 'cent', direction: 'nearest' }
      }),
      unit: dollars
    })
    // Items that now predict less revenue than today are exactly those the floor moved.
    const losing = r.items.filter((x, i) => x.price * x.quantity < items[i].current_price * 100 - 1e-9)
    expect(losing.length).toBeGreaterThan(0)
    for (const x of losing) expect(x.binding).toBe('volume_floor')
  })
})
