import { MODEL_LABELS, type ModelKind, type Validation } from '../../shared/elasticity'
import { elasticityHeadline } from '../../shared/elasticity/headline'
import type {
  ItemEstimate,
  ModelReport,
  SegmentEstimate,
  TrainPlan
} from '../../shared/elasticity/model-results'
import type { ElasticityReport, ElasticitySegmentRow } from '../../shared/elasticity/results'
import type { Panel } from './panel'
import { FALLING_SHARE_MIN, recommendedModel, recommendSegment } from '../../shared/elasticity/recommend'
import type { DmlStatus } from '../../shared/elasticity/dml-mode'
import { NO_CROSS, type CrossResult } from '../../shared/elasticity/cross'
import { fixed, pct } from '../../shared/format/numbers'

const finite = (x: number | undefined | null): number | null =>
  x !== undefined && x !== null && Number.isFinite(x) ? x : null

/**
 * Puts the run together: the best model is the one with the lowest cross-validated
 * RMSE (not one lucky split) among those that predict better than the mean (test R² > 0);
 * segment rows pair its estimate with the DML one, add the recommended elasticity
 * (recommend.ts), and warn where they disagree (naming the cause the run can show) or
 * where an elasticity is positive.
 */
export function buildReport(args: {
  panel: Panel
  plan: TrainPlan
  models: ModelReport[]
  /** Models that failed, and the debiased estimate ('dml') when it failed. */
  failed: { name: ModelKind | 'dml'; error: string }[]
  debiased: SegmentEstimate[] | null
  items?: ItemEstimate[]
  validation?: Validation
  createdAt: string
  wallMs: number
  dml?: DmlStatus
  cross?: CrossResult & { warnings?: string[] }
}): ElasticityReport {
  const { panel, models } = args
  const ranked = [...models]
    .filter((m) => Number.isFinite(m.cv_rmse) && m.test_r2 > 0)
    .sort((a, b) => a.cv_rmse - b.cv_rmse)
  const best = ranked[0] ?? null
  const warnings = [...panel.warnings, ...models.flatMap((m) => m.warnings)]
  if (models.length && !best)
    warnings.push(
      `no model predicts better than the ${(args.validation ?? models[0]?.validation ?? 'items') === 'items' ? 'mean' : "items' own means"} (every test R² ≤ 0): no best model is named; read the debiased estimate`
    )
  for (const f of args.failed) warnings.push(`${f.name} failed: ${f.error}`)
  warnings.push(...(args.cross?.warnings ?? []))
  const revenues = segmentRevenues(panel)
  const segments: ElasticitySegmentRow[] = panel.segments.map((segment, s) => {
    const naive = best?.segments.find((x) => x.segment === segment)
    const dml = args.debiased?.[s]
    const row: ElasticitySegmentRow = {
      segment,
      // With no best model, the rows of any model's estimate (the recommended one may come from it).
      rows: naive?.rows ?? dml?.rows ?? modelSegmentRows(models, segment),
      revenue: revenues[s],
      elasticity: finite(naive?.elasticity),
      ci_low: finite(naive?.ci_low),
      ci_high: finite(naive?.ci_high),
      debiased: finite(dml?.elasticity),
      debiased_ci_low: finite(dml?.ci_low),
      debiased_ci_high: finite(dml?.ci_high),
      true: panel.truth?.[segment] ?? null,
      warning: null
    }
    const notes: string[] = []
    if ((row.elasticity ?? -1) > 0 || (row.debiased ?? -1) > 0)
      notes.push('positive elasticity: check for confounding or too little price variation')
    if (
      best &&
      row.elasticity !== null &&
      row.debiased !== null &&
      row.ci_low !== null &&
      row.debiased_ci_low !== null
    ) {
      const overlap =
        Math.min(row.ci_high as number, row.debiased_ci_high as number) >=
        Math.max(row.ci_low, row.debiased_ci_low)
      if (!overlap) notes.push(disagreement(best, models, segment, row.elasticity, row.debiased))
    }
    if (row.rows < 300) notes.push(`only ${row.rows} rows`)
    if (dml?.note && row.debiased === null) notes.push(`debiased ${dml.note}`)
    row.warning = notes.length ? notes.join('; ') : null
    const skipped = args.dml && !args.dml.ran ? `debiased (DML) ${args.dml.reason}` : undefined
    return { ...row, ...recommendFields(recommendSegment(segment, best, models, dml, skipped)) }
  })
  return {
    run_id: null,
    dataset: panel.dataset,
    dataset_version: panel.version,
    rows: panel.n,
    items: panel.itemIds.length,
    segment_column: panel.segmentName,
    controls: panel.controls.map((c) => c.name),
    headline: elasticityHeadline(segments, panel.segmentName),
    best_model: best?.name ?? null,
    recommended_model: recommendedModel(
      segments.map((r) => ({ recommended_from: r.recommended_from ?? null }))
    ),
    validation: args.validation ?? models[0]?.validation ?? 'items',
    item_elasticities: args.items ?? [],
    models,
    failed: args.failed,
    segments,
    plan: args.plan,
    warnings,
    created_at: args.createdAt,
    wall_ms: args.wallMs,
    ...(args.dml ? { dml: args.dml } : {}),
    ...(panel.sampled ? { sampled: panel.sampled } : {}),
    cross_group: args.cross?.cross_group ?? NO_CROSS.cross_group,
    ...(args.cross?.cross_level ? { cross_level: args.cross.cross_level } : {}),
    cross: args.cross?.cross ?? [],
    cross_own: args.cross?.cross_own ?? []
  }
}

function modelSegmentRows(models: ModelReport[], segment: string): number {
  let rows = 0
  for (const m of models) rows = Math.max(rows, m.segments.find((x) => x.segment === segment)?.rows ?? 0)
  return rows
}

function recommendFields(r: ReturnType<typeof recommendSegment>) {
  const { segment: _segment, ...fields } = r
  return fields
}

/**
 * Names the cause a disagreement between the best model and the debiased estimate can show:
 * a nonlinear model whose price response is flat or turns up (a model artefact, which
 * the log-log OLS on the same controls does not share), or, when a linear model on the
 * same controls disagrees too, prices that reacted to demand (or controls it lacks).
 */
function disagreement(
  best: ModelReport,
  models: ModelReport[],
  segment: string,
  naive: number,
  debiased: number
): string {
  const head = `${MODEL_LABELS[best.name]} ${fixed(naive, 2)} and debiased ${fixed(debiased, 2)} disagree`
  const est = best.segments.find((s) => s.segment === segment)
  const ols = models.find((m) => m.name === 'ols')?.segments.find((s) => s.segment === segment)
  const olsAgrees =
    ols !== undefined &&
    Number.isFinite(ols.elasticity) &&
    Math.abs(ols.elasticity - debiased) < Math.abs(naive - debiased) / 2
  if (best.name !== 'ols') {
    const falling = est?.falling_share
    const flat = Math.abs(naive) < Math.abs(debiased)
    if ((falling !== undefined && falling < FALLING_SHARE_MIN) || (flat && olsAgrees))
      return `${head}: the model flattens the price response${falling !== undefined && falling < FALLING_SHARE_MIN ? ` (demand falls with price at only ${pct(falling)} of rows)` : ''}${olsAgrees ? `, while the log-log OLS (${fixed((ols as SegmentEstimate).elasticity, 2)}) agrees with the debiased` : ''}; the recommended figure does not use it`
    if (olsAgrees)
      return `${head}: the log-log OLS (${fixed((ols as SegmentEstimate).elasticity, 2)}) agrees with the debiased, so the difference is this model's shape, not confounding`
  }
  return `${head} with the same controls: prices may have reacted to demand, or a driver of both is missing from the controls`
}

/** Each segment's revenue in the panel (Σ price × quantity over its rows): the headline's weights. */
function segmentRevenues(panel: Panel): number[] {
  const out = new Array<number>(panel.segments.length).fill(0)
  for (let i = 0; i < panel.n; i++) out[panel.segment[i]] += panel.price[i] * panel.quantity[i]
  return out
}
