/** Output schemas of one elasticity model's results: its estimates, curves, the plan and sampling it ran with. */
import { z } from 'zod'
import { MODEL_KINDS, VALIDATIONS } from './index'

/** A segment's elasticity from a model (or the debiased estimate), with its 90% interval. */
export const segmentEstimateSchema = z.object({
  segment: z.string(),
  rows: z.number(),
  elasticity: z.number(),
  ci_low: z.number(),
  ci_high: z.number(),
  /** Models: spread (max − min) of the segment's elasticity across the CV folds' models. */
  fold_range: z.number().optional(),
  /** Models: share of the segment's rows where demand falls as price rises. */
  falling_share: z.number().optional(),
  /** Debiased: why an estimate is missing or how it was made (e.g. pooled, few items). */
  note: z.string().optional()
})
export type SegmentEstimate = z.infer<typeof segmentEstimateSchema>

/** A per-item debiased elasticity, partially pooled toward its segment's estimate. */
export const itemEstimateSchema = z.object({
  item: z.string(),
  segment: z.string(),
  rows: z.number(),
  /** Pooled (empirical Bayes) estimate; the segment's value when the item alone identifies nothing. */
  elasticity: z.number().nullable(),
  ci_low: z.number().nullable(),
  ci_high: z.number().nullable(),
  /** The item's own within-item estimate before pooling, and its standard error. */
  own: z.number().nullable(),
  own_se: z.number().nullable(),
  /** Weight of `own` in the pooled value: τ² / (τ² + own_se²). */
  weight: z.number(),
  identified: z.boolean(),
  note: z.string().nullable()
})
export type ItemEstimate = z.infer<typeof itemEstimateSchema>

/** Demand and revenue of a segment when all its prices move by a common factor. */
export const demandCurveSchema = z.object({
  segment: z.string(),
  /** Mean current price of the segment's rows. */
  current_price: z.number(),
  points: z.array(
    z.object({ factor: z.number(), price: z.number(), quantity: z.number(), revenue: z.number() })
  ),
  /** The factor with the highest predicted revenue on this grid. */
  revenue_max_factor: z.number()
})
export type DemandCurve = z.infer<typeof demandCurveSchema>

/** One model's results: field names follow the CLI's public --json names. */
export const modelReportSchema = z.object({
  name: z.enum(MODEL_KINDS),
  label: z.string(),
  test_r2: z.number(),
  rmse: z.number(),
  mape: z.number(),
  cv_rmse: z.number(),
  cv_r2: z.number(),
  /** Mean arc elasticity (±5% price) of predicted quantity over all rows. */
  elasticity: z.number(),
  /** Log-log OLS only: the log price coefficient (on log(q + 1)). */
  log_log_slope: z.number().nullable(),
  /** Point elasticity at each item's current price (its last row): 10th, 50th and 90th percentile over items. */
  point_elasticity: z.object({ p10: z.number(), p50: z.number(), p90: z.number() }),
  /** Spread of the elasticity across the CV folds' models (max − min). */
  elasticity_fold_range: z.number(),
  /** Share of rows where the model's demand falls as price rises (row elasticity < 0): a flattened or upturned price response shows here. */
  falling_share: z.number(),
  /** How test_r2 and the CV figures were measured (see TrainPlan.validation). */
  validation: z.enum(VALIDATIONS),
  train_ms: z.number(),
  hyperparameters: z.record(z.string(), z.unknown()),
  segments: z.array(segmentEstimateSchema),
  importance: z.array(z.object({ input: z.string(), rmse_increase: z.number() })),
  /** Predicted vs actual on a sample of test rows, for the chart. */
  sample: z.array(z.object({ actual: z.number(), predicted: z.number() })),
  /** Demand and revenue of each segment when all its prices move by a common factor (0.7–1.3). */
  curves: z.array(demandCurveSchema),
  warnings: z.array(z.string())
})
export type ModelReport = z.infer<typeof modelReportSchema>

/** How a run trains and validates its models. */
export const trainPlanSchema = z.object({
  seed: z.number(),
  folds: z.number(),
  testShare: z.number(),
  /**
   * Debias from price changes within items only. Right when items differ in ways the
   * controls do not measure (the usual case with sales data); the sample data measures
   * its course traits, so there both ways are valid and the cross-section adds precision.
   */
  withinItems: z.boolean(),
  /**
   * 'time': test on the last periods of every item, cross-validate in blocks of time, and
   * give every model the item's baseline (item-baseline.ts); 'rows': folds over rows within
   * items, every model again with the item's baseline; 'items': hold out whole items (how
   * well the models do on new items, which have no baseline). Default (folds.ts
   * defaultValidation): 'time' where the data has a period column, else 'rows'.
   */
  validation: z.enum(VALIDATIONS).optional()
})
export type TrainPlan = z.infer<typeof trainPlanSchema>

/** What a run trained on when it drew a sample of the dataset (a row limit): what was drawn, of how much. */
export const sampledRowsSchema = z.object({
  rows: z.number(),
  items: z.number(),
  of_rows: z.number(),
  of_items: z.number(),
  seed: z.number(),
  method: z.string()
})
export type SampledRows = z.infer<typeof sampledRowsSchema>
