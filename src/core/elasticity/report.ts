import type { ModelKind } from './models'
import type { ModelReport, TrainPlan } from './train'
import type { SegmentEstimate } from './elasticities'
import type { Panel } from './panel'

/** One row of the per-segment table: best model's estimate, the debiased (DML) one, and the truth where known. */
export interface SegmentRow {
  segment: string
  rows: number
  elasticity: number | null
  ci_low: number | null
  ci_high: number | null
  debiased: number | null
  debiased_ci_low: number | null
  debiased_ci_high: number | null
  true: number | null
  warning: string | null
}

/** A whole elasticity run: field names follow the CLI's public --json names (see README). */
export interface ElasticityReport {
  run_id: number | null
  dataset: string
  dataset_version: number
  rows: number
  items: number
  segment_column: string
  /** The features besides price the models used. */
  controls: string[]
  best_model: ModelKind | null
  models: ModelReport[]
  failed: { name: ModelKind; error: string }[]
  segments: SegmentRow[]
  plan: TrainPlan
  warnings: string[]
  created_at: string
  wall_ms: number
}

const finite = (x: number | undefined | null): number | null =>
  x !== undefined && x !== null && Number.isFinite(x) ? x : null

/**
 * Puts the run together: the best model is the one with the lowest cross-validated
 * RMSE (not one lucky split); segment rows pair its estimate with the DML one and
 * warn where they disagree or where an elasticity is positive.
 */
export function buildReport(args: {
  panel: Panel
  plan: TrainPlan
  models: ModelReport[]
  failed: { name: ModelKind; error: string }[]
  debiased: SegmentEstimate[] | null
  createdAt: string
  wallMs: number
}): ElasticityReport {
  const { panel, models } = args
  const ranked = [...models].filter((m) => Number.isFinite(m.cv_rmse)).sort((a, b) => a.cv_rmse - b.cv_rmse)
  const best = ranked[0] ?? null
  const warnings = [...panel.warnings, ...models.flatMap((m) => m.warnings)]
  for (const f of args.failed) warnings.push(`${f.name} failed: ${f.error}`)
  const segments: SegmentRow[] = panel.segments.map((segment, s) => {
    const naive = best?.segments.find((x) => x.segment === segment)
    const dml = args.debiased?.[s]
    const row: SegmentRow = {
      segment,
      rows: naive?.rows ?? dml?.rows ?? 0,
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
      row.elasticity !== null &&
      row.debiased !== null &&
      row.ci_low !== null &&
      row.debiased_ci_low !== null
    ) {
      const overlap =
        Math.min(row.ci_high as number, row.debiased_ci_high as number) >=
        Math.max(row.ci_low, row.debiased_ci_low)
      if (!overlap)
        notes.push(
          `naive ${row.elasticity.toFixed(2)} and debiased ${row.debiased.toFixed(2)} disagree: prices may have been set with knowledge of demand`
        )
    }
    if (row.rows < 300) notes.push(`only ${row.rows} rows`)
    row.warning = notes.length ? notes.join('; ') : null
    return row
  })
  return {
    run_id: null,
    dataset: panel.dataset,
    dataset_version: panel.version,
    rows: panel.n,
    items: panel.itemIds.length,
    segment_column: panel.segmentName,
    controls: panel.controls.map((c) => c.name),
    best_model: best?.name ?? null,
    models,
    failed: args.failed,
    segments,
    plan: args.plan,
    warnings,
    created_at: args.createdAt,
    wall_ms: args.wallMs
  }
}
