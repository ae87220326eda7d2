import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { Backend } from '../src/backend/backend'
import { openSqlite } from '../src/backend/sqlite'
import { latestRun, loadModel } from '../src/core/elasticity/registry'
import { loadSamplePanel } from '../src/core/elasticity/panel'
import { restoreModel } from '../src/core/elasticity/restore'
import type { ModelKind } from '../src/shared/elasticity'
import { pricingContext, runPricing } from '../src/core/pricing/run'
import { optimizePrices } from '../src/core/pricing/optimize'
import { DEFAULT_SETTINGS } from '../src/shared/pricing/defaults'
import type { PricingSettings } from '../src/shared/pricing'

const WIDE: PricingSettings = {
  ...DEFAULT_SETTINGS,
  guardrails: {
    ...DEFAULT_SETTINGS.guardrails,
    max_increase: 0.3,
    max_decrease: 0.3,
    stay_in_observed: false
  }
}

/**
 * The optimizer on the default sample (2,000 courses) with every saved model:
 * time to optimize all prices, and, since the sample's true demand is known, the
 * true revenue of the recommended prices as a share of the true optimum within the
 * same guardrails, and the true uplift over today's prices.
 */
export async function benchPricing(tmp: string): Promise<Record<string, unknown>> {
  const path = join(tmp, 'elasticity.pricelab')
  const db = openSqlite(path, { readonly: true, mustExist: true })
  const report = latestRun(db)
  if (!report?.run_id) throw new Error('run the elasticity bench first (npm run bench -- elasticity)')
  const panel = loadSamplePanel(db)
  const models: Record<string, unknown>[] = []
  const round = (x: number | null, d = 4) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d)
  for (const m of report.models) {
    const model = restoreModel(loadModel(db, report.run_id, m.name) as Parameters<typeof restoreModel>[0])
    const pm = { report, kind: m.name as ModelKind, panel, model }
    const ctx = pricingContext(db, pm, null)
    const times: number[] = []
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now()
      await optimizePrices(ctx.catalog.items, ctx.demand, DEFAULT_SETTINGS)
      times.push(performance.now() - t0)
    }
    const run = await runPricing(db, pm, DEFAULT_SETTINGS)
    const wide = await runPricing(db, pm, WIDE)
    models.push({
      model: m.name,
      items: ctx.catalog.items.length,
      optimize_ms_median: Math.round(times.sort((a, b) => a - b)[1]),
      full_run_ms: Math.round(run.ms),
      uplift_pct: round(run.portfolio.uplift_pct, 2),
      uplift_interval: run.portfolio.uplift_interval,
      true_revenue_share_of_optimum: round(run.true_revenue_share_of_optimum),
      true_uplift_pct: round(run.true_uplift_pct, 2),
      wide_true_revenue_share_of_optimum: round(wide.true_revenue_share_of_optimum),
      wide_true_uplift_pct: round(wide.true_uplift_pct, 2),
      wide_out_of_observed_range: wide.portfolio.out_of_range,
      guardrail_hits: run.portfolio.guardrail_hits
    })
  }
  db.close()

  // Through the backend, as the app calls it: the event loop keeps turning while 2,000 prices are optimized.
  const b = new Backend({ mode: 'cli', version: 'bench' })
  b.openProject(path, { create: false })
  await b.call('pricing:run', {})
  await b.call('elasticity:predict', { items: [{ item: '1', price: 50 }] }) // warm the model cache
  const delay = monitorEventLoopDelay({ resolution: 5 })
  delay.enable()
  const t0 = performance.now()
  await b.call('pricing:optimize', { settings: DEFAULT_SETTINGS })
  const callMs = performance.now() - t0
  delay.disable()
  b.close()
  return {
    settings: 'default guardrails: ±20% per item, inside the observed price range, whole tokens',
    wide_settings: '±30% per item, extrapolation allowed',
    models,
    backend_call_ms: Math.round(callMs),
    event_loop_delay_max_ms: Math.round(delay.max / 1e6),
    targets: {
      optimize_ms_2000_items: 1000,
      true_revenue_share_of_optimum: 0.97,
      seed_claimed_uplift_pct: 9.3
    }
  }
}
