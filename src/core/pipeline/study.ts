import type { ElasticityReport } from '../../shared/elasticity/results'
import type { PlanSummary } from '../../shared/experiments'
import type { PricingRun, PriceRow } from '../../shared/pricing'
import type { PropensityRun } from '../../shared/propensity/results'
import type { RunMetrics, StageRecord } from '../../shared/study'

export interface DataQuality {
  /** `dataset`: an imported dataset's own name (its table is ds_<slug>); absent in reports saved before it. */
  tables: { name: string; kind: string; rows: number; columns: number; dataset?: string | null }[]
  /** Columns with missing values, the problems an analyst should look at first. */
  missing: { table: string; column: string; type: string; missing: number; share: number }[]
  sample: { seed: number; scale: number; start: string; end: string } | null
}

export interface FeatureSummary {
  dataset: string
  label: string
  rows: number
  segment: string | null
  controls: string[]
}

export interface PropensitySummary {
  run_id: number
  cutoff: string
  scored_as_of: string
  targets: {
    target: string
    best_model: string
    auc: number
    pr_auc: number
    f1: number
    brier: number
    precision_at_70: number
    baseline_auc: number
    segments: { segment: string; learners: number; mean_score: number }[]
  }[]
}

/** Everything the report shows: one object, written as report.json and rendered as report.html. */
export interface StudyReport {
  name: string
  created_at: string
  project: string
  config: unknown
  stages: StageRecord[]
  data: DataQuality | null
  features: FeatureSummary | null
  elasticity:
    | (Omit<ElasticityReport, 'models'> & {
        models: Omit<ElasticityReport['models'][number], 'sample' | 'curves'>[]
      })
    | null
  propensity: PropensitySummary | null
  pricing: (Omit<PricingRun, 'rows'> & { top_changes: PriceRow[] }) | null
  experiment: (Omit<PlanSummary, 'balance'> & { flagged: PlanSummary['balance'] }) | null
  files: Record<string, string>
}

export function metricsOf(
  r: Pick<StudyReport, 'elasticity' | 'propensity' | 'pricing' | 'experiment'>
): RunMetrics {
  const best = r.elasticity?.models.find((m) => m.name === r.elasticity?.best_model)
  return {
    best_model: r.elasticity?.best_model ?? null,
    test_r2: best?.test_r2 ?? null,
    rmse: best?.rmse ?? null,
    mape: best?.mape ?? null,
    auc: Object.fromEntries(r.propensity?.targets.map((t) => [t.target, t.auc]) ?? []),
    uplift_pct: r.pricing?.portfolio.uplift_pct ?? null,
    true_revenue_share_of_optimum: r.pricing?.true_revenue_share_of_optimum ?? null,
    experiment_units: r.experiment?.units ?? null,
    required_units: r.experiment?.power.required_units ?? null,
    versions: {
      elasticity_run: r.elasticity?.run_id ?? null,
      propensity_run: r.propensity?.run_id ?? null,
      pricing_run: r.pricing?.run_id ?? null,
      experiment: r.experiment?.name ?? null
    }
  }
}

export function summarizePropensity(run: PropensityRun): PropensitySummary {
  return {
    run_id: run.run_id,
    cutoff: run.cutoff,
    scored_as_of: run.scored_as_of,
    targets: run.targets.map((t) => {
      const best = t.models.find((m) => m.name === t.best_model) ?? t.models[0]
      return {
        target: t.target,
        best_model: t.best_model,
        auc: best.auc,
        pr_auc: best.pr_auc,
        f1: best.f1,
        brier: best.brier,
        precision_at_70: best.precision_at_70,
        baseline_auc: t.baseline.auc,
        segments: t.segments
      }
    })
  }
}

/** Timings and timestamps differ between runs; everything else must not (the determinism check). */
const VOLATILE = new Set([
  'created_at',
  'wall_ms',
  'train_ms',
  'ms',
  'scoring_ms',
  'started_at',
  'finished_at',
  'run_id',
  'elasticity_run_id',
  'files',
  'stages',
  'project',
  // Whether the debiased estimate was computed or taken from the project's cache: provenance (its figures are in segments).
  'dml'
])

export function reportFigures(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reportFigures)
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !VOLATILE.has(k))
        .map(([k, v]) => [k, reportFigures(v)])
    )
  return value
}
