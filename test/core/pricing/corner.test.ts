import { describe, expect, it } from 'vitest'
import { recommendPrices, type AlongTheCorner } from '../../../src/core/pricing/recommend'
import { cornerJobPrices, type CornerJob } from '../../../src/core/pricing/corner'
import { causalDemand } from '../../../src/core/pricing/causal-demand'
import type { DemandFn } from '../../../src/core/pricing/optimize'
import type { PriceRow } from '../../../src/shared/pricing'
import { DEFAULT_STRATEGIES } from '../../../src/shared/pricing/defaults'
import { currency } from '../../../src/core/pricing/units'
import { constantElasticity, item, open, type TestItem } from './fixtures'

const catalog = (items: TestItem[]) => ({
  dataset: 'juice',
  segmentName: 'brand',
  items,
  season: null,
  nextWeek: null,
  unit: currency(2)
})

/** Elastic brands (ε −2.5 … −3.5) at dollar prices, as on the store panels of the issue. */
function elasticItems(cost: number | null): TestItem[] {
  return Array.from({ length: 12 }, (_, k) => {
    const p = 1.99 + 0.25 * k
    return item(`s${k}`, p, -2.5 - (k % 3) * 0.5, { cost: cost === null ? null : cost * p })
  })
}

const price = (
  items: TestItem[],
  objective: 'revenue' | 'margin',
  along?: AlongTheCorner,
  demand: DemandFn = constantElasticity(items)
) =>
  recommendPrices(
    catalog(items),
    demand,
    new Map([['A', { elasticity: -3, ci_low: -3.2, ci_high: -2.8 }]]),
    {
      objective,
      min_volume_share: null,
      guardrails: open({ max_increase: 0.2, max_decrease: 0.2 }),
      strategies: DEFAULT_STRATEGIES
    },
    'test',
    undefined,
    undefined,
    undefined,
    along
  )

describe('corner solutions are named (issue 25)', () => {
  it('revenue with elastic demand: every price at the 20% max decrease is a corner, said with what would change it', async () => {
    const rec = await price(elasticItems(null), 'revenue')
    expect(rec.rows.every((r) => r.binding_guardrail === 'max_decrease')).toBe(true)
    expect(rec.corner).toMatchObject({ guardrail: 'max_decrease', items: 12 })
    expect(rec.corner?.reason).toMatch(/corner, not an optimum/)
    expect(rec.corner?.reason).toMatch(/20% max decrease/)
    expect(rec.corner?.reason).toMatch(/cost/)
    // The objective against the guardrail's width keeps rising: no optimum inside any width.
    const curve = rec.corner_curve ?? []
    expect(curve.map((c) => c.width)).toEqual([0.05, 0.1, 0.2, 0.3, 0.4])
    for (let k = 1; k < curve.length; k++)
      expect(curve[k].change_pct).toBeGreaterThan(curve[k - 1].change_pct)
    // At the sheet's own width the curve is the headline's change.
    expect(curve[2].change_pct).toBeCloseTo(rec.portfolio.objective_change_pct ?? NaN, 6)
  })

  it('a margin with a negligible cost is a corner too; a real cost has an interior optimum and no corner', async () => {
    const tiny = await price(elasticItems(0.01), 'margin')
    expect(tiny.corner?.guardrail).toBe('max_decrease')
    expect(tiny.corner?.reason).toMatch(/costs are negligible/)
    // Cost at 60% of the price: p* = c·ε/(1+ε) lies inside ±20% for ε −2.5 … −3.5.
    const real = await price(elasticItems(0.6), 'margin')
    expect(real.corner).toBeNull()
    expect(real.corner_curve).toBeNull()
    const changed = real.rows.filter((r) => r.recommended_price !== r.current_price)
    expect(changed.filter((r) => r.binding_guardrail === 'max_decrease').length * 2).toBeLessThanOrEqual(
      changed.length
    )
  })
})

/** The causal curve on the items (the only demand whose widths run on other threads). */
function causalOf(items: TestItem[]) {
  const eps = new Map(items.map((it) => [it.id, it.elasticity]))
  return causalDemand(
    Float64Array.from(items, (it) => it.scale),
    items,
    (it) => eps.get(it.id) ?? null
  )
}

describe("the caller's work on the rows runs beside the corner curve", () => {
  it('gets the final rows while a job elsewhere holds the curve, and the curve is the same', async () => {
    // The causal curve (the only demand whose widths run elsewhere), on the elastic brands.
    const items = elasticItems(null)
    const causal = () => causalOf(items)
    const alone = await price(items, 'revenue', undefined, causal())
    const events: string[] = []
    let seen: readonly PriceRow[] = []
    const jobs: CornerJob[] = []
    let release = () => {}
    const released = new Promise<void>((resolve) => (release = resolve))
    const rec = await price(
      items,
      'revenue',
      {
        cornerElsewhere: {
          threads: 1,
          // The job waits for the caller's work before it claims a width.
          run: async (job) => {
            jobs.push(job)
            events.push('job posted')
            await released
            events.push('job runs')
            return cornerJobPrices(structuredClone(job))
          }
        },
        meanwhile: async (rows) => {
          events.push('meanwhile')
          seen = rows
          release()
        }
      },
      causal()
    )
    expect(alone.corner_curve?.length).toBe(5)
    expect(events).toEqual(['job posted', 'meanwhile', 'job runs'])
    // Widths were left for the job while the caller worked: had the curve been finished first, this thread
    // would have claimed every one (1) and the job none.
    expect([...jobs[0].claims].some((c) => c === jobs[0].claimant)).toBe(true)
    expect(seen).toBe(rec.rows)
    expect(rec.corner_curve).toEqual(alone.corner_curve)
    expect(rec.rows).toEqual(alone.rows)
  })

  it('stops the jobs sent ahead when the sheet fails', async () => {
    const items = elasticItems(null)
    const base = causalOf(items)
    let calls = 0
    const failing: DemandFn = Object.assign(
      async (idx: Int32Array, p: Float64Array) => {
        if (++calls > 3) throw new Error('the curve failed')
        return base(idx, p)
      },
      { causal: base.causal }
    )
    const jobs: CornerJob[] = []
    const along: AlongTheCorner = {
      cornerElsewhere: {
        threads: 1,
        run: (job) => {
          jobs.push(job)
          return new Promise<(Float64Array | null)[]>(() => undefined)
        }
      }
    }
    await expect(price(items, 'revenue', along, failing)).rejects.toThrow('the curve failed')
    // No width is left to start: a job arriving now runs none.
    expect([...jobs[0].claims]).toEqual([-1, -1, -1, -1, -1])
  })
})
