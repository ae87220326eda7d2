import { join } from 'node:path'
import { mkdirSync } from 'node:fs'
import { Backend } from '../src/backend/backend'
import { DEFAULT_SETTINGS } from '../src/shared/pricing/defaults'
import type { PricingRun } from '../src/shared/pricing'
import {
  importManySegmentPanel,
  manySegmentDemand,
  type ManySegmentTruth
} from '../test/fixtures/many-segments'

export type MarginKind = 'edtech' | 'retail' | 'juice11'

const COST_SHARE = 0.6
const r4 = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 1e4) / 1e4

/**
 * Issue 25's "true margin in the interval": on each generated panel with costs (EdTech and
 * retail samples at `scale` with a 60% cost share; the 11-brand juice panel with its cost column
 * at 60% of the regular price), the margin sheet's predicted margin change and its interval
 * beside the TRUE margin change of the same prices (the generator's expected demand at the
 * sheet's and today's prices). Elasticity: log-log OLS + DML (the debiased estimate is
 * recommended), then `pricing:optimize` with the margin objective and default guardrails.
 */
export async function benchMarginInterval(
  tmp: string,
  kinds: MarginKind[] = ['edtech', 'retail', 'juice11'],
  seeds = [1, 2, 3, 4, 5],
  scale = 0.2
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { cost_share: COST_SHARE, scale, seeds }
  for (const kind of kinds) {
    const runs: Record<string, unknown>[] = []
    for (const seed of seeds) {
      const r = await oneSeed(tmp, kind, seed, scale)
      runs.push(r)
      console.log(`  ${kind} seed ${seed}: ${JSON.stringify(r)}`)
    }
    const inside = runs.filter((r) => r.true_inside === true).length
    const widths = runs.map((r) => r.interval_width as number).filter((w) => w !== null)
    out[kind] = {
      runs,
      summary: {
        true_margin_change_inside: `${inside}/${runs.length}`,
        width_median_pct_points: r4([...widths].sort((a, b) => a - b)[widths.length >> 1]),
        width_max_pct_points: r4(Math.max(...widths)),
        target_inside_at_least_4_of_5: inside >= Math.ceil(0.8 * runs.length) ? 'met' : 'not met'
      }
    }
  }
  return out
}

async function oneSeed(tmp: string, kind: MarginKind, seed: number, scale: number) {
  const dir = join(tmp, `margin-${kind}-${seed}`)
  mkdirSync(dir, { recursive: true })
  process.env.PRICELAB_HOME = join(dir, 'home')
  let truth: ManySegmentTruth | null = null
  let project = join(dir, 'p.pricelab')
  if (kind === 'juice11') {
    const imp = await importManySegmentPanel(dir, { seed, costShare: COST_SHARE })
    project = imp.db
    truth = imp.truth
  }
  const b = new Backend({ mode: 'cli', version: 'bench' })
  b.openProject(project, { create: kind !== 'juice11' })
  if (kind !== 'juice11') await b.call('data:generate', { jobId: 'g', kind, seed, scale })
  const t0 = performance.now()
  await b.call('elasticity:train', {
    jobId: 'e',
    dataset: kind === 'retail' ? 'retail_sample' : kind === 'juice11' ? 'juice11' : undefined,
    models: ['ols'],
    dml: 'on',
    seed
  })
  const run = await b.call('pricing:optimize', {
    settings: {
      ...DEFAULT_SETTINGS,
      objective: 'margin',
      cost_share: kind === 'juice11' ? null : COST_SHARE
    },
    save: false
  })
  b.close()
  const iv = run.portfolio.objective_interval ?? null
  const trueChange = truth ? juiceTrueMarginChange(run, truth) : run.true_uplift_pct
  return {
    seed,
    items: run.rows.length,
    predicted_margin_change_pct: r4(run.portfolio.objective_change_pct),
    interval: iv ? { low: r4(iv.low), high: r4(iv.high) } : null,
    interval_width: iv ? r4(iv.high - iv.low) : null,
    true_margin_change_pct: r4(trueChange),
    true_inside: iv !== null && trueChange !== null && trueChange >= iv.low && trueChange <= iv.high,
    pooled_items: run.rows.filter((r) => r.elasticity_source === 'pooled').length,
    ms: Math.round(performance.now() - t0)
  }
}

/** The 11-brand panel's true margin change: Σ (p − cost) · true demand at the sheet's prices, against today's. */
function juiceTrueMarginChange(run: PricingRun, truth: ManySegmentTruth): number | null {
  let before = 0
  let after = 0
  for (const r of run.rows) {
    const t = truth.items.get(r.item_id)
    if (!t) return null
    const cost = r.cost ?? t.cost
    before += (r.current_price - cost) * manySegmentDemand(truth, r.item_id, r.current_price)
    after += (r.recommended_price - cost) * manySegmentDemand(truth, r.item_id, r.recommended_price)
  }
  return before > 0 ? (after / before - 1) * 100 : null
}
