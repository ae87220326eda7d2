import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { optimizePrices } from '../../../src/core/pricing/optimize'
import { GuardrailError } from '../../../src/core/pricing/guardrails'
import { type Guardrails, ROUNDING_RULES } from '../../../src/shared/pricing'
import { decimalsOf, isRounded, roundingProblem } from '../../../src/core/pricing/rounding'
import { currency, TOKENS } from '../../../src/core/pricing/units'
import { constantElasticity, item, open, type TestItem } from './fixtures'

describe('optimizePrices', () => {
  it('matches the closed-form margin optimum p* = c·ε/(1+ε) for constant elasticity', async () => {
    const cases: [number, number][] = [
      [-1.5, 20],
      [-2, 35],
      [-3, 10],
      [-1.2, 8]
    ]
    const items = cases.map(([e, c], k) => item(String(k), 50, e, { cost: c }))
    const r = await optimizePrices(items, constantElasticity(items), {
      objective: 'margin',
      min_volume_share: null,
      guardrails: open()
    })
    cases.forEach(([e, c], k) => {
      const closed = (c * e) / (1 + e)
      expect(r.items[k].price).toBeGreaterThan(closed * 0.995)
      expect(r.items[k].price).toBeLessThan(closed * 1.005)
      expect(r.items[k].binding).toBeNull()
    })
  })

  it('sends revenue to the bound the elasticity points to, and says which rule bound it', async () => {
    const items = [item('inelastic', 100, -0.5), item('elastic', 100, -2)]
    const r = await optimizePrices(items, constantElasticity(items), {
      objective: 'revenue',
      min_volume_share: null,
      guardrails: open({ max_increase: 0.2, max_decrease: 0.1 })
    })
    expect(r.items[0].price).toBeCloseTo(120, 6)
    expect(r.items[0].binding).toBe('max_increase')
    expect(r.items[1].price).toBeCloseTo(90, 6)
    expect(r.items[1].binding).toBe('max_decrease')
  })

  it('keeps today’s price and flags items whose demand rises with price', async () => {
    const items = [item('odd', 100, 0.4), item('ok', 100, -2)]
    const r = await optimizePrices(items, constantElasticity(items), {
      objective: 'revenue',
      min_volume_share: null,
      guardrails: open({ max_increase: 0.3, max_decrease: 0.3 })
    })
    expect(r.items[0].price).toBe(100)
    expect(r.items[0].binding).toBe('positive_elasticity')
    expect(r.warnings.join(' ')).toMatch(/does not fall with price .*odd/)
  })

  it('meets a volume floor close to the best revenue that keeps it (brute force on two items)', async () => {
    const items = [item('a', 100, -0.5), item('b', 100, -0.7)]
    const demand = constantElasticity(items)
    const base = { objective: 'revenue' as const, guardrails: open({ max_increase: 0.5, max_decrease: 0.5 }) }
    const free = await optimizePrices(items, demand, { ...base, min_volume_share: null })
    const held = await optimizePrices(items, demand, { ...base, min_volume_share: 0.95 })
    const sum = (r: typeof free, f: (x: (typeof free.items)[number]) => number) =>
      r.items.reduce((s, x) => s + f(x), 0)
    const cur = sum(free, (x) => x.current_quantity)
    expect(sum(free, (x) => x.quantity)).toBeLessThan(0.95 * cur)
    expect(sum(held, (x) => x.quantity)).toBeGreaterThanOrEqual(0.95 * cur - 1e-6)
    let best = 0
    for (let pa = 50; pa <= 150; pa += 0.25)
      for (let pb = 50; pb <= 150; pb += 0.25) {
        const qa = items[0].scale * pa ** items[0].elasticity
        const qb = items[1].scale * pb ** items[1].elasticity
        if (qa + qb >= 0.95 * cur) best = Math.max(best, pa * qa + pb * qb)
      }
    expect(sum(held, (x) => x.price * x.quantity)).toBeGreaterThan(0.995 * best)
    expect(held.items.some((x) => x.binding === 'volume_floor')).toBe(true)
  })

  it('holds a category’s average change and marks the items it moved', async () => {
    const items = [item('a', 100, -0.3), item('b', 50, -0.4), item('c', 80, -0.5)]
    const r = await optimizePrices(items, constantElasticity(items), {
      objective: 'revenue',
      min_volume_share: null,
      guardrails: open({ max_increase: 0.3, max_decrease: 0.3, category_avg_change: 0.1 })
    })
    const avg = r.items.reduce((s, x, i) => s + x.price / items[i].current_price - 1, 0) / items.length
    expect(avg).toBeLessThanOrEqual(0.1 + 1e-3)
    expect(avg).toBeGreaterThan(0.09)
    expect(r.items.some((x) => x.binding === 'category_average')).toBe(true)
  })

  it('names the segment as the dataset does when its average change cannot be held', async () => {
    // A price floor above every price forces rises beyond the ±1% average rule.
    const items = [item('a', 100, -0.3), item('b', 50, -0.4)]
    const run = (segmentName?: string) =>
      optimizePrices(items, constantElasticity(items), {
        objective: 'revenue',
        min_volume_share: null,
        guardrails: open({ max_increase: 0.5, max_decrease: 0.3, min_price: 120, category_avg_change: 0.01 }),
        segmentName
      })
    expect((await run('brand')).warnings.join('\n')).toMatch(
      /^brand ".*": its average change cannot be held/m
    )
    expect((await run()).warnings.join('\n')).toMatch(/^category ".*": its average change cannot be held/m)
  })

  it('raises a higher tier to the ladder gap over the lower tier of its line', async () => {
    const items = [
      item('beg', 100, -0.5, { tier: 'Beginner', line: 'L' }),
      item('adv', 100, -3, { tier: 'Advanced', line: 'L' })
    ]
    const elastic = [item('beg', 100, -2, { tier: 'Beginner', line: 'L' }), items[1]]
    const r = await optimizePrices(items, constantElasticity(items), {
      objective: 'revenue',
      min_volume_share: null,
      guardrails: open({
        max_increase: 0.3,
        max_decrease: 0.3,
        ladder: { tiers: ['Beginner', 'Advanced'], min_gap: 0.1 },
        rounding: { rule: 'whole', direction: 'nearest' }
      })
    })
    expect(r.items[0].price).toBe(130)
    expect(r.items[1].price).toBe(130) // 143 wanted, capped by its +30% bound
    expect(r.warnings.join(' ')).toMatch(/ladder cannot hold .*adv/)
    const loose = await optimizePrices(elastic, constantElasticity(elastic), {
      objective: 'revenue',
      min_volume_share: null,
      guardrails: open({
        max_increase: 0.3,
        max_decrease: 0.3,
        ladder: { tiers: ['Beginner', 'Advanced'], min_gap: 0.1 }
      })
    })
    expect(loose.items[0].price).toBeCloseTo(70, 6)
    expect(loose.items[1].price).toBeCloseTo(77, 6)
    expect(loose.items[1].binding).toBe('ladder')
  })

  it('refuses guardrails that cannot hold and names the items', async () => {
    const items = [item('x1', 100, -1.5), item('x2', 300, -1.5)]
    const run = (g: Partial<Guardrails>) =>
      optimizePrices(items, constantElasticity(items), {
        objective: 'revenue',
        min_volume_share: null,
        guardrails: open(g)
      })
    await expect(run({ min_price: 50, max_price: 40 })).rejects.toThrow(
      /minimum price 50 is above maximum price 40/
    )
    await expect(run({ max_price: 200, locked: ['x2'] })).rejects.toThrow(GuardrailError)
    await expect(run({ max_price: 200, locked: ['x2'] })).rejects.toThrow(/x2/)
    await expect(run({ locked: ['nope'] })).rejects.toThrow(/not in the catalog: nope/)
    await expect(
      optimizePrices(items, constantElasticity(items), {
        objective: 'margin',
        min_volume_share: null,
        guardrails: open()
      })
    ).rejects.toThrow(/needs a cost .*x1, x2/)
  })

  it('respects every guardrail for any catalog and any settings (property)', async () => {
    const arbItem = fc.record({
      price: fc.double({ min: 5, max: 500, noNaN: true }),
      elasticity: fc.double({ min: -4, max: 0.5, noNaN: true }),
      costShare: fc.option(fc.double({ min: 0.1, max: 0.9, noNaN: true })),
      spread: fc.double({ min: 0.05, max: 0.8, noNaN: true })
    })
    const arbGuard = fc.record({
      min_price: fc.option(fc.double({ min: 1, max: 100, noNaN: true })),
      max_price: fc.option(fc.double({ min: 100, max: 1000, noNaN: true })),
      max_increase: fc.option(fc.double({ min: 0, max: 0.5, noNaN: true })),
      max_decrease: fc.option(fc.double({ min: 0, max: 0.5, noNaN: true })),
      margin_floor: fc.option(fc.double({ min: 0, max: 0.5, noNaN: true })),
      competitor_band: fc.option(fc.double({ min: 0.05, max: 0.5, noNaN: true })),
      competitor_band_abs: fc.option(fc.double({ min: 1, max: 60, noNaN: true })),
      stay_in_observed: fc.boolean(),
      rule: fc.constantFrom(...ROUNDING_RULES.filter((r) => r !== 'step')),
      direction: fc.constantFrom('nearest', 'up', 'down'),
      lockFirst: fc.boolean(),
      unit: fc.constantFrom(TOKENS, currency(2), currency(0))
    })
    await fc.assert(
      fc.asyncProperty(fc.array(arbItem, { minLength: 1, maxLength: 8 }), arbGuard, async (raw, gg) => {
        const items: TestItem[] = raw.map((r, k) =>
          item(String(k), r.price, r.elasticity, {
            cost: r.costShare === null ? null : r.costShare * r.price,
            observed_min: r.price * (1 - r.spread),
            observed_max: r.price * (1 + r.spread),
            reference_price: raw.reduce((s, x) => s + x.price, 0) / raw.length
          })
        )
        const lockable =
          gg.lockFirst &&
          (gg.min_price ?? 0) <= items[0].current_price &&
          items[0].current_price <= (gg.max_price ?? Infinity)
        const g = open({
          min_price: gg.min_price,
          max_price: gg.max_price,
          max_increase: gg.max_increase,
          max_decrease: gg.max_decrease,
          margin_floor: gg.margin_floor,
          competitor_band: gg.competitor_band,
          competitor_band_abs: gg.competitor_band_abs,
          stay_in_observed: gg.stay_in_observed,
          rounding: { rule: gg.rule, direction: gg.direction },
          locked: lockable ? ['0'] : []
        })
        const demand = constantElasticity(items)
        const run = () =>
          optimizePrices(items, demand, {
            objective: 'revenue',
            min_volume_share: null,
            guardrails: g,
            unit: gg.unit
          })
        if (roundingProblem(gg.rule, gg.unit)) {
          await expect(run()).rejects.toThrow(/needs prices with cents/)
          return
        }
        const r = await run()
        const today = await demand(
          Int32Array.from(items, (_, i) => i),
          Float64Array.from(items, (it) => it.current_price)
        )
        r.items.forEach((x, i) => {
          const it = items[i]
          const p = x.price
          const eps = 1e-6
          // Items that keep today's price are never moved by rounding or any other post-step.
          if ((lockable && i === 0) || x.binding === 'positive_elasticity' || x.binding === 'no_harm') {
            expect(p).toBe(it.current_price)
            return
          }
          // A moved price never has more decimals than the unit.
          if (p !== it.current_price) expect(decimalsOf(p)).toBeLessThanOrEqual(gg.unit.decimals)
          // Do no harm: without portfolio rules, no item predicts less revenue than today,
          // unless today's price itself breaks a guardrail (that guardrail is then named).
          const inside = it.current_price >= x.bounds.lo - 1e-9 && it.current_price <= x.bounds.hi + 1e-9
          if (inside && x.binding !== 'conflict')
            expect(p * x.quantity).toBeGreaterThanOrEqual(it.current_price * today[i] * (1 - 1e-8))
          // The margin floor always holds, whatever else conflicts.
          if (it.cost !== null && g.margin_floor !== null)
            expect(p).toBeGreaterThanOrEqual(it.cost * (1 + g.margin_floor) - eps)
          if (x.binding === 'conflict' || x.binding === 'margin_floor') return
          expect(p).toBeGreaterThanOrEqual(x.bounds.lo - eps)
          expect(p).toBeLessThanOrEqual(x.bounds.hi + eps)
          if (g.min_price !== null) expect(p).toBeGreaterThanOrEqual(g.min_price - eps)
          if (g.max_price !== null) expect(p).toBeLessThanOrEqual(g.max_price + eps)
          if (g.max_increase !== null)
            expect(p).toBeLessThanOrEqual(it.current_price * (1 + g.max_increase) + eps)
          if (g.max_decrease !== null)
            expect(p).toBeGreaterThanOrEqual(it.current_price * (1 - g.max_decrease) - eps)
          if (g.competitor_band_abs !== null) {
            expect(p).toBeGreaterThanOrEqual(it.reference_price - g.competitor_band_abs - eps)
            expect(p).toBeLessThanOrEqual(it.reference_price + g.competitor_band_abs + eps)
          }
          if (g.stay_in_observed) {
            expect(p).toBeGreaterThanOrEqual(it.observed_min - eps)
            expect(p).toBeLessThanOrEqual(it.observed_max + eps)
            expect(x.out_of_range).toBe(false)
          }
          // Today's price is always allowed as it is; any other price follows the rule (or the unit, with a warning).
          if (p !== it.current_price && !r.warnings.some((w) => w.includes('rounded to the')))
            expect(isRounded(p, g.rounding.rule, gg.unit)).toBe(true)
        })
      }),
      { numRuns: 300, seed: 7 }
    )
  })
})
