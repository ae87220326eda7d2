/** Output schemas of the learner propensity calls (EdTech): runs, target reports, segments, offers and thresholds. */
import { z } from 'zod'
import { CLASSIFIERS, TARGETS } from './index'
import { exportedFileSchema } from '../api/common'

/** A score band, editable: a score s falls in the first band whose lower bound it reaches. */
export const bandSchema = z.object({ name: z.string(), min: z.number() })
export type Band = z.infer<typeof bandSchema>

/** One bin of a reliability diagram: mean score against the observed rate. */
export const calibrationBinSchema = z.object({
  bin: z.number(),
  mean_score: z.number(),
  observed: z.number(),
  count: z.number()
})
export type CalibrationBin = z.infer<typeof calibrationBinSchema>

/** One decile of the lift table (highest scores first). */
export const liftRowSchema = z.object({
  decile: z.number(),
  rate: z.number(),
  lift: z.number(),
  cumulative_gain: z.number()
})
export type LiftRow = z.infer<typeof liftRowSchema>

/** A band's size and mean score. */
export const bandSummarySchema = z.object({
  segment: z.string(),
  learners: z.number(),
  mean_score: z.number()
})
export type BandSummary = z.infer<typeof bandSummarySchema>

export const rocPointSchema = z.object({ fpr: z.number(), tpr: z.number() })

/** Learners by churn band × price-sensitivity band. */
export const riskSensitivityMatrixSchema = z.object({
  rows: z.array(z.string()),
  columns: z.array(z.string()),
  counts: z.array(z.array(z.number()))
})
export type RiskSensitivityMatrix = z.infer<typeof riskSensitivityMatrixSchema>

/** One classifier's (or the rule baseline's) scores on the test learners. */
export const classifierReportSchema = z.object({
  name: z.union([z.enum(CLASSIFIERS), z.literal('rules')]),
  auc: z.number(),
  cv_auc: z.number().nullable(),
  pr_auc: z.number(),
  brier: z.number(),
  /** F1 at the threshold with the best F1 on the test learners. */
  f1: z.number(),
  threshold: z.number(),
  /** Precision among scores ≥ 0.7 (the "Precision@70%" a CRM reports), and among the top 30% of scores. */
  precision_at_70: z.number(),
  precision_top_30: z.number(),
  train_ms: z.number()
})
export type ClassifierReport = z.infer<typeof classifierReportSchema>

/** One target's models, baseline and diagnostics. */
export const targetReportSchema = z.object({
  target: z.enum(TARGETS),
  /** The best model's scores and the outcomes on the test learners (for thresholds chosen later). */
  test: z.object({ score: z.array(z.number()), label: z.array(z.number()) }),
  /** Time to score every learner today (features as of the end of the data, then the best model). */
  scoring_ms: z.number(),
  learners_scored: z.number(),
  cutoff: z.string(),
  window_days: z.number(),
  population: z.string(),
  learners: z.number(),
  positive_rate: z.number(),
  best_model: z.enum(CLASSIFIERS),
  models: z.array(classifierReportSchema),
  baseline: classifierReportSchema,
  calibration: z.array(calibrationBinSchema),
  lift: z.array(liftRowSchema),
  roc: z.array(rocPointSchema),
  segments: z.array(bandSummarySchema)
})
export type TargetReport = z.infer<typeof targetReportSchema>

/** A learner propensity run: every target's report, price sensitivity and the bands. */
export const propensityRunSchema = z.object({
  run_id: z.number(),
  cutoff: z.string(),
  scored_as_of: z.string(),
  created_at: z.string(),
  targets: z.array(targetReportSchema),
  /** The revealed-preference price-sensitivity score (0–1): how many learners it could judge, and its agreement with the truth on sample data. */
  price_sensitivity: z.object({ scored: z.number(), spearman_with_truth: z.number().nullable() }).nullable(),
  /** Learners by churn band × price-sensitivity band (when churn was trained). */
  churn_sensitivity: riskSensitivityMatrixSchema.nullable(),
  /** The Hot / Warm / Cold / Dormant thresholds the segments use (editable). */
  bands: z.array(bandSchema),
  /** The version of the sample the run was trained on (+1 per regeneration). */
  dataset_version: z.number().int().positive(),
  /** Why the run no longer describes the sample (regenerated since): its scores are not used. */
  stale: z.string().optional()
})
export type PropensityRun = z.infer<typeof propensityRunSchema>

/** One learner's score for a target and the features that move it most. */
export const learnerWhySchema = z.object({
  target: z.string(),
  score: z.number(),
  segment: z.string(),
  top: z.array(z.object({ feature: z.string(), contribution: z.number(), value: z.number() }))
})
export type LearnerWhy = z.infer<typeof learnerWhySchema>

/** What to do with a learner segment: an editable rule table, one row per enrollment-propensity band. */
export const actionRuleSchema = z.object({
  segment: z.string(),
  discount_pct: z.number(),
  contact: z.string(),
  channel: z.string(),
  offer: z.string()
})
export type ActionRule = z.infer<typeof actionRuleSchema>

/** An enrollment segment's size, mean scores and learner traits, with the action its rule prescribes. */
export const segmentRowSchema = actionRuleSchema.extend({
  learners: z.number(),
  mean_enrollment: z.number(),
  mean_churn: z.number().nullable(),
  mean_price_sensitivity: z.number().nullable(),
  mean_token_balance: z.number(),
  mean_completion_rate: z.number()
})
export type SegmentRow = z.infer<typeof segmentRowSchema>

/** One threshold of the profit curve. */
export const profitPointSchema = z.object({
  threshold: z.number(),
  flagged: z.number(),
  /** Retained value of the true positives reached, minus the cost of every offer made. */
  profit: z.number()
})
export type ProfitPoint = z.infer<typeof profitPointSchema>

/** What propensity:threshold returns: the best point, the whole curve and how many test learners it rests on. */
export const thresholdResultSchema = z.object({
  best: profitPointSchema,
  curve: z.array(profitPointSchema),
  test_learners: z.number()
})
export type ThresholdResult = z.infer<typeof thresholdResultSchema>

/** A segment's personalized offers, against the list price. */
export const offerSummarySchema = z.object({
  segment: z.string(),
  learners: z.number(),
  mean_discount_pct: z.number(),
  mean_price: z.number(),
  expected_enrollments: z.number(),
  enrollments_at_list_price: z.number(),
  expected_revenue: z.number(),
  revenue_at_list_price: z.number(),
  bound_by_guardrail: z.number()
})
export type OfferSummary = z.infer<typeof offerSummarySchema>

/** What propensity:offers returns: the list price, each segment's offers, and the exported file when asked. */
export const offersResultSchema = z.object({
  reference_price: z.number(),
  segments: z.array(offerSummarySchema),
  file: exportedFileSchema.nullable()
})
export type OffersResult = z.infer<typeof offersResultSchema>

/** What propensity:learner returns: the learner's row of features and the why of each score. */
export const learnerResultSchema = z.object({
  header: z.array(z.string()),
  row: z.array(z.union([z.number(), z.string()])).nullable(),
  why: z.array(learnerWhySchema)
})
export type LearnerResult = z.infer<typeof learnerResultSchema>

/** What propensity:bands returns: the new bands, the segments under them and the run. */
export const bandsResultSchema = z.object({
  bands: z.array(bandSchema),
  segments: z.array(segmentRowSchema),
  run: propensityRunSchema
})
export type BandsResult = z.infer<typeof bandsResultSchema>
