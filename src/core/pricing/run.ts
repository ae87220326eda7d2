import type { Db } from '../db/port'
import type { ElasticityReport } from '../elasticity/report'
import type { Panel } from '../elasticity/panel'
import type { RestoredModel } from '../elasticity/restore'
import { buildCatalog, catalogExtras, type Catalog } from './catalog'
import { modelDemand } from './model-demand'
import { optimizePrices, PricingError, type DemandFn } from './optimize'
import { recommendPrices, type SegmentElasticity } from './recommend'
import type { PricingRun, PricingSettings } from './store'
import { trueDemand } from './true-demand'

/** What pricing needs from a saved elasticity run: its data, one restored model, the run's report. */
export interface PricingModel {
  report: ElasticityReport
  kind: string
  panel: Panel
  model: RestoredModel
}

export interface PricingContext {
  catalog: Catalog
  demand: DemandFn
  elasticities: Map<string, SegmentElasticity>
  label: string
}

/** Catalog, demand curve and segment elasticities of one saved model: the ground every pricing call stands on. */
export function pricingContext(
  db: Db,
  m: PricingModel,
  costShare: number | null,
  pause?: () => Promise<void>
): PricingContext {
  const report = m.report.models.find((x) => x.name === m.kind)
  if (!report) throw new PricingError(`elasticity run ${m.report.run_id} has no ${m.kind} model`)
  const catalog = buildCatalog(m.panel, catalogExtras(db, m.report.dataset), costShare)
  if (!catalog.items.length) throw new PricingError('the elasticity run has no items to price')
  return {
    catalog,
    demand: modelDemand(m.panel, m.model, catalog.items, pause),
    elasticities: new Map(
      report.segments.map((s) => [
        s.segment,
        { elasticity: s.elasticity, ci_low: s.ci_low, ci_high: s.ci_high }
      ])
    ),
    label: report.label
  }
}

/**
 * One optimization run. On the sample data the generator's true demand also
 * scores the result: the true revenue (or margin) of the recommended prices as a
 * share of the true optimum found by the same optimizer within the same
 * guardrails, and the true change over today's prices.
 */
export async function runPricing(
  db: Db,
  m: PricingModel,
  settings: PricingSettings,
  pause?: () => Promise<void>,
  now: () => number = Date.now
): Promise<PricingRun> {
  const t0 = now()
  const ctx = pricingContext(db, m, settings.cost_share, pause)
  const rec = await recommendPrices(ctx.catalog, ctx.demand, ctx.elasticities, settings, ctx.label)
  let share: number | null = null
  let trueUplift: number | null = null
  const truth = trueDemand(db, ctx.catalog.items)
  if (truth) {
    const items = ctx.catalog.items
    const all = Int32Array.from(items, (_, i) => i)
    const value = (prices: Float64Array, q: Float64Array) =>
      items.reduce(
        (s, it, i) => s + (settings.objective === 'margin' ? prices[i] - (it.cost ?? 0) : prices[i]) * q[i],
        0
      )
    const chosen = Float64Array.from(rec.rows, (r) => r.recommended_price)
    const today = Float64Array.from(items, (it) => it.current_price)
    const best = await optimizePrices(items, truth, settings)
    const bestPrices = Float64Array.from(best.items, (x) => x.price)
    const vChosen = value(chosen, await truth(all, chosen))
    const vBest = value(bestPrices, await truth(all, bestPrices))
    const vToday = value(today, await truth(all, today))
    share = vBest > 0 ? vChosen / vBest : null
    trueUplift = vToday > 0 ? (vChosen / vToday - 1) * 100 : null
  }
  return {
    ...rec,
    run_id: null,
    elasticity_run_id: m.report.run_id as number,
    dataset: m.report.dataset,
    model: m.kind,
    settings,
    true_revenue_share_of_optimum: share,
    true_uplift_pct: trueUplift,
    created_at: new Date(t0).toISOString(),
    ms: now() - t0
  }
}
