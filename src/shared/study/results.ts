/** The study pipeline calls' output schemas (a run, its stages and metrics, its report); every result type is inferred from them. */
import { z } from 'zod'
import { STAGES } from './lists'

export const stageRecordSchema = z.object({
  stage: z.enum(STAGES),
  status: z.enum(['pending', 'running', 'ok', 'failed', 'skipped', 'cancelled']),
  ms: z.number().nullable(),
  message: z.string().nullable()
})
export type StageRecord = z.infer<typeof stageRecordSchema>

/** The headline figures of a run, kept per run so runs can be compared over time (model monitoring). */
export const runMetricsSchema = z.object({
  best_model: z.string().nullable(),
  test_r2: z.number().nullable(),
  rmse: z.number().nullable(),
  mape: z.number().nullable(),
  auc: z.record(z.string(), z.number()),
  uplift_pct: z.number().nullable(),
  true_revenue_share_of_optimum: z.number().nullable(),
  experiment_units: z.number().nullable(),
  required_units: z.number().nullable(),
  /** Which saved results the run produced: the registries' run ids (models are versioned per elasticity run). */
  versions: z.object({
    elasticity_run: z.number().nullable(),
    propensity_run: z.number().nullable(),
    pricing_run: z.number().nullable(),
    experiment: z.string().nullable()
  })
})
export type RunMetrics = z.infer<typeof runMetricsSchema>

export const pipelineRunSchema = z.object({
  run_id: z.number(),
  name: z.string(),
  /** interrupted: the process died mid-run (found 'running' when the project was opened again). */
  status: z.enum(['running', 'ok', 'failed', 'cancelled', 'interrupted']),
  config: z.unknown(),
  stages: z.array(stageRecordSchema),
  metrics: runMetricsSchema,
  report_dir: z.string().nullable(),
  error: z.string().nullable(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  /** Set when a saved part of the run cannot be read: the reason (the run is listed with what could be read). */
  damaged: z.string().optional()
})
export type PipelineRun = z.infer<typeof pipelineRunSchema>

/** A run's report: report.html's text, its folder and the files in it (staged for download). */
export const pipelineReportSchema = z.object({
  html: z.string(),
  dir: z.string(),
  files: z.array(z.object({ name: z.string(), fileId: z.string() }))
})
export type PipelineReport = z.infer<typeof pipelineReportSchema>

/** A report printed to PDF: the staged file, and where it was kept in the report folder (null: not kept). */
export const reportPdfSchema = z.object({
  fileId: z.string(),
  name: z.string(),
  size: z.number(),
  path: z.string().nullable()
})
export type ReportPdf = z.infer<typeof reportPdfSchema>
