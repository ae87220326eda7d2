import { z } from 'zod'
import { checksFieldsOf, withDefaults, type SavedFormat } from '../db/saved-json'
import type { RunMetrics, StageRecord } from '../../shared/study'

/** A run's metrics before any stage has produced one. */
export const EMPTY_METRICS: RunMetrics = {
  best_model: null,
  test_r2: null,
  rmse: null,
  mape: null,
  auc: {},
  uplift_pct: null,
  true_revenue_share_of_optimum: null,
  experiment_units: null,
  required_units: null,
  versions: { elasticity_run: null, propensity_run: null, pricing_run: null, experiment: null }
}

/**
 * pipeline_runs.config_json: the settings a study ran with. Version 0 was the bare
 * object (no format_version); version 1 carries it. Only its shape is checked here:
 * a study re-reads its settings through the study schema before it uses them.
 */
export const CONFIG_FORMAT: SavedFormat<Record<string, unknown>> = {
  what: 'study run settings',
  version: 1,
  schema: z.record(z.string(), z.unknown())
}

/** pipeline_runs.stages_json: each stage's status and time. */
export const STAGES_FORMAT: SavedFormat<StageRecord[]> = {
  what: 'study run stages',
  version: 1,
  list: true,
  schema: checksFieldsOf<StageRecord[]>(
    z.array(
      z.looseObject({
        stage: z.string(),
        status: z.enum(['pending', 'running', 'ok', 'failed', 'skipped', 'cancelled']),
        ms: z.number().nullable(),
        message: z.string().nullable()
      })
    )
  )
}

/** pipeline_runs.metrics_json: the headline figures compared across runs. */
export const METRICS_FORMAT: SavedFormat<RunMetrics> = {
  what: 'study run metrics',
  version: 1,
  schema: checksFieldsOf<RunMetrics>(
    z.looseObject({
      best_model: z.string().nullable(),
      test_r2: z.number().nullable(),
      auc: z.record(z.string(), z.number()),
      versions: z.looseObject({})
    })
  ),
  // Metrics saved before a figure existed: that figure was not measured.
  upgrade: { 0: withDefaults(EMPTY_METRICS) }
}
