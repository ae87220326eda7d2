import { join } from 'node:path'
import { Backend } from '../src/backend/backend'
import { DEFAULT_SETTINGS } from '../src/shared/pricing/defaults'
import type { PricingRun } from '../src/shared/pricing'

const PLANTED: Record<string, number> = {
  'Orchard Gold|Sunvale Premium': 0.5,
  'Sunvale Premium|Orchard Gold': 0.3,
  'Thrifty Farms|Brightside': 0.4,
  'Brightside|Thrifty Farms': 0.3,
  'Valley Pure|Grove Fresh': 0.3
}

const r4 = (x: number | null | undefined) =>
  x === null || x === undefined ? null : Math.round(x * 1e4) / 1e4

/** One sample at one seed: elasticity (OLS + DML, the cross matrix), then the optimizer with and without cross terms. */
async function oneSeed(tmp: string, kind: 'retail' | 'edtech', seed: number, scale: number) {
  const b = new Backend({ mode: 'cli', version: 'bench' })
  b.openProject(join(tmp, `cross-${kind}-${seed}.pricelab`), { create: true })
  await b.call('data:generate', { jobId: 'g', kind, seed, scale })
  const e = await b.call('elasticity:train', {
    jobId: 'e',
    dataset: kind === 'retail' ? 'retail_sample' : undefined,
    models: ['ols'],
    dml: 'on'
  })
  const run = await b.call('pricing:optimize', { settings: DEFAULT_SETTINGS, save: false })
  const own =
    kind === 'retail'
      ? await b.call('pricing:optimize', {
          settings: { ...DEFAULT_SETTINGS, ignore_cross: true },
          save: false
        })
      : null
  const itemLevel = kind === 'edtech' ? await edtechItemLevel(b) : null
  b.close()
  const cells = e.cross.map((c) => ({ ...c, truth: PLANTED[`${c.on}|${c.of}`] ?? 0 }))
  const planted = cells.filter((c) => `${c.on}|${c.of}` in PLANTED)
  const own_err = Math.max(
    ...e.segments.map((s) => (s.true === null ? 0 : Math.abs((s.recommended ?? NaN) - s.true)))
  )
  const lead = (r: PricingRun) =>
    r4(
      Math.min(
        ...(r.rules ?? []).map(
          (x) => (r.true_revenue_share_of_optimum as number) - (x.true_revenue_share_of_optimum as number)
        )
      )
    )
  const iv = run.portfolio.uplift_interval
  const best = bestRule(run)
  const share = run.true_revenue_share_of_optimum
  return {
    seed,
    cross_cells: cells.length,
    planted_max_abs_error: cells.length
      ? r4(Math.max(...planted.map((c) => Math.abs(c.elasticity - c.truth))))
      : null,
    cross_coverage_90: cells.length
      ? r4(cells.filter((c) => c.ci_low <= c.truth && c.truth <= c.ci_high).length / cells.length)
      : null,
    cross_mean_width: cells.length
      ? r4(cells.reduce((s, c) => s + c.ci_high - c.ci_low, 0) / cells.length)
      : null,
    own_recommended_max_abs_error: r4(own_err),
    joint_own_max_abs_error: e.cross_own.length
      ? r4(
          Math.max(
            ...e.cross_own.map((o) =>
              Math.abs(o.elasticity - (e.segments.find((s) => s.segment === o.segment)?.true ?? o.elasticity))
            )
          )
        )
      : null,
    own_source: run.own_source ?? null,
    predicted_uplift_pct: r4(run.portfolio.uplift_pct),
    uplift_interval: iv ? { low: r4(iv.low), high: r4(iv.high) } : null,
    uplift_interval_width: iv ? r4(iv.high - iv.low) : null,
    true_uplift_pct: r4(run.true_uplift_pct),
    true_uplift_inside:
      iv !== null &&
      run.true_uplift_pct !== null &&
      run.true_uplift_pct >= iv.low &&
      run.true_uplift_pct <= iv.high,
    share_of_true_joint_optimum: r4(run.true_revenue_share_of_optimum),
    rules: (run.rules ?? []).map((x) => ({ rule: x.rule, share: r4(x.true_revenue_share_of_optimum) })),
    lead_over_best_rule: lead(run),
    best_rule: best?.rule ?? null,
    // In points of the true joint optimum (share × 100): the sheet's lead, and the ceiling any sheet can reach
    // (the true joint optimum itself, share 1, over the same best rule). A 1-point target is out of reach at a
    // seed whose ceiling is below 1.
    lead_over_best_rule_points: best && share !== null ? r4((share - best.share) * 100) : null,
    true_optimum_lead_over_best_rule_points: best ? r4((1 - best.share) * 100) : null,
    // An optimizer shortfall worth a look (issue 24): the sheet below 0.999 of the true joint optimum.
    optimizer_shortfall: share !== null && share < 0.999,
    // EdTech with the item-level matrix switched on (\`--cross-group category\`): courses within a category.
    item_level: itemLevel,
    ignoring_cross: own
      ? {
          predicted_uplift_pct: r4(own.portfolio.uplift_pct),
          uplift_interval: own.portfolio.uplift_interval,
          true_uplift_pct: r4(own.true_uplift_pct),
          share_of_true_joint_optimum: r4(own.true_revenue_share_of_optimum)
        }
      : null
  }
}

/**
 * EdTech with the item-level matrix on (courses competing within their category; the sample plants
 * none): the own elasticities must not lose accuracy, and the sheet priced through the matrix still
 * scores against the true optimum (which has no cross effect).
 */
async function edtechItemLevel(b: Backend) {
  const e = await b.call('elasticity:train', {
    jobId: 'ei',
    models: ['ols'],
    dml: 'on',
    crossGroup: 'category'
  })
  const run = await b.call('pricing:optimize', { settings: DEFAULT_SETTINGS, save: false })
  const iv = run.portfolio.uplift_interval
  const err = (xs: { segment: string; value: number | null }[]) =>
    r4(
      Math.max(
        ...xs.map((x) => {
          const t = e.segments.find((s) => s.segment === x.segment)?.true
          return t === null || t === undefined || x.value === null ? 0 : Math.abs(x.value - t)
        })
      )
    )
  const z = e.cross.map((c) => c.raw / Math.max(1e-12, c.se))
  return {
    cross_level: e.cross_level ?? null,
    cells: e.cross.length,
    cells_with_evidence: e.cross.filter((c) => c.reading !== 'no evidence').length,
    // The sample plants no course-by-course effect: the share of cells whose 90% interval holds 0.
    coverage_of_zero_90: e.cross.length
      ? r4(e.cross.filter((c) => c.ci_low <= 0 && 0 <= c.ci_high).length / e.cross.length)
      : null,
    mean_abs_z: z.length ? r4(z.reduce((s, x) => s + Math.abs(x), 0) / z.length) : null,
    own_recommended_max_abs_error: err(
      e.segments.map((s) => ({ segment: s.segment, value: s.recommended ?? null }))
    ),
    joint_own_max_abs_error: err(e.cross_own.map((o) => ({ segment: o.segment, value: o.elasticity }))),
    own_source: run.own_source ?? null,
    share_of_true_joint_optimum: r4(run.true_revenue_share_of_optimum),
    true_uplift_inside:
      iv !== null &&
      run.true_uplift_pct !== null &&
      run.true_uplift_pct >= iv.low &&
      run.true_uplift_pct <= iv.high,
    uplift_interval_width: iv ? r4(iv.high - iv.low) : null
  }
}

/** The simple rule (today, floor, ceiling, each strategy) that comes closest to the true joint optimum. */
function bestRule(run: PricingRun): { rule: string; share: number } | null {
  let best: { rule: string; share: number } | null = null
  for (const x of run.rules ?? [])
    if (x.true_revenue_share_of_optimum !== null && (!best || x.true_revenue_share_of_optimum > best.share))
      best = { rule: x.rule, share: x.true_revenue_share_of_optimum }
  return best
}

type SeedResult = Awaited<ReturnType<typeof oneSeed>>

/** The figures the targets are stated in, over a sample's seeds. */
function summary(rows: SeedResult[]) {
  const nums = (f: (r: SeedResult) => number | null) =>
    rows.map(f).filter((x): x is number => x !== null && Number.isFinite(x))
  const range = (xs: number[]) => (xs.length ? [r4(Math.min(...xs)), r4(Math.max(...xs))] : null)
  return {
    seeds: rows.map((r) => r.seed),
    true_uplift_inside: `${rows.filter((r) => r.true_uplift_inside).length} of ${rows.length}`,
    uplift_interval_width: range(nums((r) => r.uplift_interval_width)),
    share_of_true_joint_optimum: range(nums((r) => r.share_of_true_joint_optimum)),
    lead_over_best_rule: range(nums((r) => r.lead_over_best_rule)),
    // Per seed, side by side: the sheet's lead and the true optimum's (the ceiling), in points.
    lead_points_sheet_vs_ceiling: rows.map((r) => ({
      seed: r.seed,
      best_rule: r.best_rule,
      sheet: r.lead_over_best_rule_points,
      ceiling: r.true_optimum_lead_over_best_rule_points,
      one_point_reachable: (r.true_optimum_lead_over_best_rule_points ?? 0) >= 1
    })),
    optimizer_shortfall_seeds: rows.filter((r) => r.optimizer_shortfall).map((r) => r.seed),
    own_recommended_max_abs_error: range(nums((r) => r.own_recommended_max_abs_error)),
    planted_max_abs_error: range(nums((r) => r.planted_max_abs_error)),
    cross_coverage_90: range(nums((r) => r.cross_coverage_90)),
    item_level_own_recommended_max_abs_error: range(
      nums((r) => r.item_level?.own_recommended_max_abs_error ?? null)
    ),
    item_level_joint_own_max_abs_error: range(nums((r) => r.item_level?.joint_own_max_abs_error ?? null)),
    item_level_share_of_true_joint_optimum: range(
      nums((r) => r.item_level?.share_of_true_joint_optimum ?? null)
    )
  }
}

const ONE_TO_TEN = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]

/**
 * `npm run bench -- cross [retailSeeds] [edtechSeeds] [scale]`: the issue-24 targets — cross
 * effects within ±0.10 and their coverage, the true uplift inside the predicted interval (and the
 * interval's width), the share of the true joint optimum and the lead over every rule (retail), and
 * the own elasticity error and the optimizer's share with no cross group (EdTech). Seeds 1–10 of
 * both samples at full size (scale 1) by default: long (about a minute per seed); a smaller scale
 * runs quickly but is not the targets' measurement.
 */
export async function benchCross(tmp: string, retailSeeds = ONE_TO_TEN, edtechSeeds = ONE_TO_TEN, scale = 1) {
  const retail = []
  for (const s of retailSeeds) {
    console.log(`cross: retail seed ${s} (scale ${scale})…`)
    retail.push(await oneSeed(tmp, 'retail', s, scale))
  }
  const edtech = []
  for (const s of edtechSeeds) {
    console.log(`cross: EdTech seed ${s} (scale ${scale})…`)
    edtech.push(await oneSeed(tmp, 'edtech', s, scale))
  }
  return { scale, summary: { retail: summary(retail), edtech: summary(edtech) }, retail, edtech }
}
