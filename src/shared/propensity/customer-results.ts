/** Output schemas of the customer-level propensity calls (a model on an imported customer table or event log). */
import { z } from 'zod'
import { CALIBRATION_METHODS, CLASSIFIERS, FEATURE_ENCODINGS } from './index'
import { exportedFileSchema } from '../api/common'
import {
  bandSchema,
  bandSummarySchema,
  calibrationBinSchema,
  classifierReportSchema,
  liftRowSchema,
  rocPointSchema
} from './results'

/** Who is in each band, in the analyst's columns. */
export const segmentProfilesSchema = z.object({
  /** The bands, in order (Hot first). */
  segments: z.array(z.string()),
  customers: z.array(z.number()),
  mean_score: z.array(z.number()),
  /** Share positive among each band's labelled customers (null when none is labelled). */
  observed_rate: z.array(z.number().nullable()),
  /** Per feature column, each band's mean (numbers), share of yes (yes/no), or most common level with its share. */
  columns: z.array(
    z.object({
      column: z.string(),
      how: z.enum(FEATURE_ENCODINGS),
      values: z.array(z.union([z.number(), z.string()]).nullable())
    })
  )
})
export type SegmentProfiles = z.infer<typeof segmentProfilesSchema>

/** One label's report, in the shape of a learner target's (`target` = the label column) plus what a table adds. */
export const customerTargetReportSchema = z.object({
  target: z.string(),
  dataset: z.string(),
  positive: z.string(),
  id_column: z.string().nullable(),
  /** A customer table has no cutoff or window: null; an event log's labels come from the window after the cutoff. */
  cutoff: z.string().nullable(),
  window_days: z.number().nullable(),
  /** An event log's scores are as of the day after its last event; a table's as of the run (null). */
  scored_as_of: z.string().nullable(),
  population: z.string(),
  /** Labelled customers (train + test); `customers_scored` counts every row, blank labels included. */
  learners: z.number(),
  customers_scored: z.number(),
  positive_rate: z.number(),
  best_model: z.enum(CLASSIFIERS),
  /** Scores on the test customers, before calibration (AUC is the same after it). */
  models: z.array(classifierReportSchema),
  baseline: z.null(),
  /** Calibration chosen on the validation folds, its effect on the test customers. */
  /** The better calibrator by held-out Brier score: the candidate, applied only when `calibration_applied`. */
  calibration_method: z.enum(CALIBRATION_METHODS),
  calibration_brier: z.record(z.enum(CALIBRATION_METHODS), z.number()),
  /**
   * Whether the candidate calibration is applied: only when it lowers the ECE on the validation folds (each fold
   * calibrated by a fit on the other folds). Runs saved before this field always applied it.
   */
  calibration_applied: z.boolean().default(true),
  /** The held-out (validation folds) ECE of the scores as they are and of the candidate calibration; null before. */
  ece_validation: z.object({ uncalibrated: z.number(), calibrated: z.number() }).nullable().default(null),
  /** ECE on the test customers: the model's scores, then the scores as used (calibrated only when applied). */
  ece_before: z.number(),
  ece_after: z.number(),
  brier_after: z.number(),
  /** Reliability, lift, ROC and segments of the best model's calibrated test scores. */
  calibration: z.array(calibrationBinSchema),
  lift: z.array(liftRowSchema),
  roc: z.array(rocPointSchema),
  segments: z.array(bandSummarySchema),
  features: z.array(z.object({ column: z.string(), how: z.string(), encoded: z.array(z.string()) })),
  /** Who is in each band, in the analyst's columns (recomputed with the project's bands when saved). */
  profiles: segmentProfilesSchema,
  dropped: z.array(z.object({ column: z.string(), reason: z.string() })),
  /** The test customers: calibrated score, label, and row of the table (0-based). */
  test: z.object({ score: z.array(z.number()), label: z.array(z.number()), row: z.array(z.number()) }),
  scoring_ms: z.number()
})
export type CustomerTargetReport = z.infer<typeof customerTargetReportSchema>

/** A customer-table run, in the shape of a learner propensity run (`targets[0].target` is the label). */
export const customerPropensityRunSchema = z.object({
  run_id: z.number(),
  dataset: z.string(),
  /** A customer table has no cutoff: null; an event log's cutoff. */
  cutoff: z.string().nullable(),
  scored_as_of: z.string(),
  created_at: z.string(),
  targets: z.array(customerTargetReportSchema),
  price_sensitivity: z.null(),
  churn_sensitivity: z.null(),
  bands: z.array(bandSchema),
  /** The version of the dataset the run was trained on (+1 per `import --replace`). */
  dataset_version: z.number().int().positive(),
  /** Why the run no longer describes its dataset (replaced since): its scores are not used. */
  stale: z.string().optional()
})
export type CustomerPropensityRun = z.infer<typeof customerPropensityRunSchema>

/** What propensity:exportCustomers returns: the exported scores file and the run it came from. */
export const customerExportSchema = exportedFileSchema.extend({ run_id: z.number() })
export type CustomerExport = z.infer<typeof customerExportSchema>

/** What propensity:customer returns: the scored table's header and the customer's row (null when unknown). */
export const customerRowSchema = z.object({
  header: z.array(z.string()),
  row: z.array(z.union([z.number(), z.string()])).nullable()
})
export type CustomerRow = z.infer<typeof customerRowSchema>
