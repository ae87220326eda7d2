/** Output schemas of the elasticity calls: the whole run report, the run list, sources and demand predictions. */
import { z } from 'zod'
import { MODEL_KINDS, VALIDATIONS } from './index'
import { CROSS_LEVELS, crossCellSchema, crossOwnSchema } from './cross'
import { dmlStatusSchema } from './dml-mode'
import { itemEstimateSchema, modelReportSchema, sampledRowsSchema, trainPlanSchema } from './model-results'

/** Where a segment's recommended elasticity comes from: the debiased (DML) estimate or a model. */
export const recommendedFromSchema = z.union([z.literal('debiased'), z.enum(MODEL_KINDS)])
export type RecommendedFrom = z.infer<typeof recommendedFromSchema>

/** A segment's recommended elasticity (recommend.ts): chosen for its price response, not for fit. */
export const recommendedSegmentSchema = z.object({
  segment: z.string(),
  recommended: z.number().nullable(),
  recommended_ci_low: z.number().nullable(),
  recommended_ci_high: z.number().nullable(),
  recommended_from: recommendedFromSchema.nullable(),
  recommended_reason: z.string(),
  /**
   * False when the segment's price effect is not identified: no estimate, or a 90% interval
   * that reaches zero or above (demand may not fall with price); the reason says so (issue 25).
   */
  identified: z.boolean()
})
export type RecommendedSegment = z.infer<typeof recommendedSegmentSchema>

/** What pricing and the report read from a run: each segment's recommended elasticity and the per-item estimates. */
export const recommendationSchema = z.object({
  recommended_model: recommendedFromSchema.nullable(),
  segments: z.array(recommendedSegmentSchema),
  items: z.array(itemEstimateSchema)
})
export type Recommendation = z.infer<typeof recommendationSchema>

/** One row of the per-segment table: best model's estimate, the debiased (DML) one, and the truth where known. */
export const elasticitySegmentRowSchema = z.object({
  segment: z.string(),
  rows: z.number(),
  elasticity: z.number().nullable(),
  ci_low: z.number().nullable(),
  ci_high: z.number().nullable(),
  debiased: z.number().nullable(),
  debiased_ci_low: z.number().nullable(),
  debiased_ci_high: z.number().nullable(),
  true: z.number().nullable(),
  warning: z.string().nullable(),
  /** The recommended elasticity (recommend.ts): chosen for price response, not fit. Optional only in runs saved before it. */
  recommended: z.number().nullable().optional(),
  recommended_ci_low: z.number().nullable().optional(),
  recommended_ci_high: z.number().nullable().optional(),
  recommended_from: recommendedFromSchema.nullable().optional(),
  recommended_reason: z.string().optional(),
  /** False when the price effect is not identified (no estimate, or an interval reaching zero or above). */
  identified: z.boolean().optional()
})
export type ElasticitySegmentRow = z.infer<typeof elasticitySegmentRowSchema>

/** A whole elasticity run: field names follow the CLI's public --json names (docs/methods.md). */
export const elasticityReportSchema = z.object({
  run_id: z.number().nullable(),
  dataset: z.string(),
  dataset_version: z.number(),
  rows: z.number(),
  items: z.number(),
  segment_column: z.string(),
  /** The features besides price the models used. */
  controls: z.array(z.string()),
  /** The best-fitting model by CV error; null when no model's test R² is above 0. */
  best_model: z.enum(MODEL_KINDS).nullable(),
  /** Where most segments' recommended elasticity comes from ('debiased' = DML). */
  recommended_model: recommendedFromSchema.nullable().optional(),
  /** How the models were validated: 'time' (last periods of every item), 'rows' (folds over rows within items) or 'items' (held-out items). */
  validation: z.enum(VALIDATIONS).optional(),
  /** Per-item debiased elasticities, partially pooled toward their segment's (empty when items do not repeat). */
  item_elasticities: z.array(itemEstimateSchema).optional(),
  models: z.array(modelReportSchema),
  /** Models that failed, and the debiased estimate ('dml') when it failed. */
  failed: z.array(z.object({ name: z.union([z.enum(MODEL_KINDS), z.literal('dml')]), error: z.string() })),
  segments: z.array(elasticitySegmentRowSchema),
  plan: trainPlanSchema,
  warnings: z.array(z.string()),
  created_at: z.string(),
  wall_ms: z.number(),
  /** Whether the debiased (DML) estimate ran, came from the project's cache, and why (absent in older runs). */
  dml: dmlStatusSchema.optional(),
  /** Present when the run trained on a sample of the dataset (a row limit): what was drawn, of how much. */
  sampled: sampledRowsSchema.optional(),
  /** The column inside which items compete (cross-price effects estimated per its groups), or null (none / off). */
  cross_group: z.string().nullable(),
  /** \`segment\` (on/of are segment values) or \`item\` (on/of are item ids, inside their segment); absent: segment. */
  cross_level: z.enum(CROSS_LEVELS).optional(),
  /** Cross-price elasticities: quantity of `on` with respect to the price of `of` (empty without a group). */
  cross: z.array(crossCellSchema),
  /** Each segment's own elasticity estimated jointly with its cross terms (the demand system's own term). */
  cross_own: z.array(crossOwnSchema)
})
export type ElasticityReport = z.infer<typeof elasticityReportSchema>

/** A saved run in the run list: reopening a project shows them without retraining. */
export const runSummarySchema = z.object({
  run_id: z.number(),
  dataset: z.string(),
  dataset_version: z.number(),
  best_model: z.string().nullable(),
  best_cv_rmse: z.number().nullable(),
  models: z.number(),
  created_at: z.string(),
  /** Set when the run's saved report cannot be read: the reason (the row is listed, not the list broken). */
  damaged: z.string().optional(),
  /** Set when the data the run was trained on has since been regenerated or replaced: why (never priced from). */
  stale: z.string().optional()
})
export type RunSummary = z.infer<typeof runSummarySchema>

/** Demand at one asked price. */
export const demandPredictionSchema = z.object({
  item: z.string(),
  price: z.number(),
  /** Predicted mean quantity per period at that price, other conditions as in the item's latest row. */
  quantity: z.number(),
  revenue: z.number()
})
export type DemandPrediction = z.infer<typeof demandPredictionSchema>

/** What elasticity:predict returns: the run and model that answered, and one prediction per asked price. */
export const demandPredictionsSchema = z.object({
  run_id: z.number(),
  model: z.enum(MODEL_KINDS),
  predictions: z.array(demandPredictionSchema)
})
export type DemandPredictions = z.infer<typeof demandPredictionsSchema>

/** A dataset the elasticity models can train on. */
export const elasticitySourceSchema = z.object({
  /** Pass as `dataset` to elasticity:train. */
  id: z.string(),
  label: z.string(),
  rows: z.number(),
  segment: z.string().nullable(),
  /** The period column (added, issue 28): without one, models are validated on held-out rows of every item. */
  period: z.string().nullable(),
  /** The price and quantity columns (added, issue 28): the charts' axes are named after them. */
  price: z.string(),
  quantity: z.string(),
  /** Features besides price the models may use (all by default). */
  controls: z.array(z.string())
})
export type ElasticitySource = z.infer<typeof elasticitySourceSchema>
