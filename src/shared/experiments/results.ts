/** The experiments calls' output schemas (the plan summary, its checks, the analysis); every result type is inferred from them. */
import { z } from 'zod'
import { experimentDesignSchema } from './inputs'

const counts = z.record(z.string(), z.number())

export const baselineSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rate'), rate: z.number() }),
  z.object({ kind: z.literal('mean'), mean: z.number(), sd: z.number() })
])
export type Baseline = z.infer<typeof baselineSchema>

export const powerResultSchema = z.object({
  test: z.enum(['two-proportion z-test', 'two-sample t-test']),
  effect_size: z.number().nullable(),
  /** Units per arm (rounded up) for the asked MDE, null when no MDE was asked. */
  control_units: z.number().nullable(),
  treatment_units: z.number().nullable(),
  required_units: z.number().nullable(),
  /** The relative MDE reachable with the available units (null when no units are given). */
  mde_achievable: z.number().nullable(),
  enough: z.boolean().nullable(),
  /** Share of units for the control arm that minimizes the MDE with several treatments (√k rule). */
  best_control_share: z.number(),
  message: z.string()
})
export type PowerResult = z.infer<typeof powerResultSchema>

export const stratumRowSchema = z.object({
  stratum: z.string(),
  units: z.number(),
  arms: counts,
  baseline_mean: z.number(),
  baseline_rate: z.number().nullable()
})
export type StratumRow = z.infer<typeof stratumRowSchema>

export const balanceRowSchema = z.object({
  covariate: z.string(),
  arm: z.string(),
  mean_control: z.number(),
  mean_arm: z.number(),
  /** Standardized mean difference: (mean_arm − mean_control) / √((var_arm + var_control) / 2). */
  smd: z.number(),
  flagged: z.boolean()
})
export type BalanceRow = z.infer<typeof balanceRowSchema>

/** Power planning when the analysis will adjust revenue with each unit's pre-period revenue (CUPED). */
export const cupedPlanSchema = z.object({
  /** Expected share of the outcome's variance the pre-period mean removes (ρ²). */
  variance_reduction: z.number(),
  /** Periods of pre-period data per unit the covariate averages. */
  pre_periods: z.number(),
  required_units: z.number().nullable(),
  mde_achievable: z.number().nullable(),
  enough: z.boolean().nullable(),
  /** Courses and items: periods the test must run with CUPED (null: no MDE asked or not reachable). */
  weeks: z.number().nullable(),
  message: z.string()
})
export type CupedPlan = z.infer<typeof cupedPlanSchema>

/** Price changes in percent over the units of an arm: the distribution the analyst is shown. */
export const changeDistributionSchema = z.object({
  min: z.number(),
  p25: z.number(),
  median: z.number(),
  p75: z.number(),
  max: z.number()
})
export type ChangeDistribution = z.infer<typeof changeDistributionSchema>

export const treatmentArmSchema = z.object({
  arm: z.string(),
  /** Units of the arm in the test. */
  units: z.number(),
  /** Of them, those whose price moves by at least the minimum change. */
  changed_units: z.number(),
  change_pct: changeDistributionSchema.nullable(),
  /** Relative change of revenue per unit the planned prices are expected to bring; null with the reason in `basis`. */
  expected_effect: z.number().nullable(),
  /** Where the expected effect comes from (the elasticities used), or why there is none. */
  basis: z.string(),
  /** Power of the test for the expected effect (not for the MDE asked). */
  power_at_expected: z.number().nullable()
})
export type TreatmentArm = z.infer<typeof treatmentArmSchema>

/**
 * What the treatment really does to prices, and what it is expected to do to revenue: a test of
 * "optimized prices" in which almost no price moves tests nothing, whatever its power says.
 */
export const treatmentCheckSchema = z.object({
  /** Smallest relative price change (0.02 = 2%) that puts a unit in a test of unit-by-unit prices. */
  min_change: z.number(),
  /** Units left out because no treatment arm moves their price by the minimum (or prices them at all). */
  left_out_units: z.number(),
  arms: z.array(treatmentArmSchema),
  /** No treatment arm moves any price by the minimum: the test cannot tell the arms apart. */
  changes_nothing: z.boolean(),
  /** The expected effect of some arm is below the smallest effect the test can detect. */
  below_mde: z.boolean(),
  /** The problems, in words; a study refuses such a plan unless accepted explicitly. */
  flags: z.array(z.string())
})
export type TreatmentCheck = z.infer<typeof treatmentCheckSchema>

/** A saved plan without its per-unit rows (those live in experiment_assignments). */
export const planSummarySchema = z.object({
  name: z.string(),
  algorithm: z.string(),
  seed: z.number(),
  design: experimentDesignSchema,
  /** The stratification in the analyst's terms (the dataset's segment column for items); absent in older plans. */
  stratified_by: z.string().optional(),
  /** What the units are called in the data's words ("item"/"items", "store"/"stores", "course"/"courses"). */
  unit_noun: z.object({ one: z.string(), many: z.string() }).optional(),
  /** The design in words (randomized unit by unit, clustered by store, switchback); absent in older plans. */
  design_label: z.string().optional(),
  /** Clusters in the test when whole clusters are randomized (null: units are randomized one by one). */
  clusters: z.number().nullable().optional(),
  /** Items: the column units share and take volume from each other in (a store), and the advice it gives. */
  cannibalization: z.object({ shared_column: z.string().nullable(), advice: z.string() }).optional(),
  as_of: z.string(),
  fingerprint: z.string(),
  units: z.number(),
  holdout_units: z.number(),
  excluded_units: z.number(),
  arms: counts,
  baseline: baselineSchema,
  power: powerResultSchema,
  /** Courses: weeks the test must run (the smallest that reaches the power); learners: days until enough learners arrive and their window closes. */
  duration: z.object({ weeks: z.number().nullable(), days: z.number().nullable() }),
  strata: z.array(stratumRowSchema),
  balance: z.array(balanceRowSchema),
  max_abs_smd: z.number(),
  warnings: z.array(z.string()),
  /** Revenue tests of courses and items: the same plan when the analysis adjusts with pre-period revenue (CUPED). */
  cuped: cupedPlanSchema.nullable(),
  /** What the treatment does to prices and is expected to do to revenue; absent in plans saved before it existed. */
  treatment: treatmentCheckSchema.optional()
})
export type PlanSummary = z.infer<typeof planSummarySchema>

/** A saved experiment in a list; `dataset`: the imported dataset it was designed on, null for the EdTech sample's. */
export const experimentListingSchema = z.object({
  name: z.string(),
  created_at: z.string(),
  units: z.number(),
  arms: counts,
  /** The imported dataset the plan was designed on; null: the EdTech sample's courses or learners. */
  dataset: z.string().nullable(),
  /** Set when the saved plan cannot be read: the reason (the row is listed, not the list broken). */
  damaged: z.string().optional()
})
export type ExperimentListing = z.infer<typeof experimentListingSchema>

export const armSummarySchema = z.object({
  arm: z.string(),
  units: z.number(),
  /** Independent units the variance is estimated over: units, or clusters when the plan randomized clusters. */
  analysis_units: z.number(),
  exposures: z.number(),
  conversions: z.number(),
  revenue: z.number(),
  rate: z.number(),
  revenue_per_unit: z.number(),
  revenue_per_exposure: z.number(),
  revenue_sd: z.number(),
  /** Mean price change against control, from the plan or the file's price column. */
  price_change_pct: z.number().nullable()
})
export type ArmSummary = z.infer<typeof armSummarySchema>

export const intervalSchema = z.object({ low: z.number(), high: z.number() })
export type Interval = z.infer<typeof intervalSchema>

export const sequentialComparisonSchema = z.object({
  /** Mixing sd τ relative to the control's value (the planned MDE). */
  tau_relative: z.number(),
  rate_p_value: z.number().nullable(),
  rate_ci: intervalSchema.nullable(),
  revenue_p_value: z.number().nullable(),
  revenue_ci: intervalSchema.nullable()
})
export type SequentialComparison = z.infer<typeof sequentialComparisonSchema>

export const armComparisonSchema = z.object({
  arm: z.string(),
  control: z.string(),
  rate_diff: z.number(),
  rate_diff_ci: intervalSchema,
  rate_lift_pct: z.number(),
  rate_p_value: z.number(),
  revenue_diff: z.number(),
  revenue_diff_ci: intervalSchema,
  revenue_lift_pct: z.number(),
  revenue_p_value: z.number(),
  welch_df: z.number(),
  bootstrap_ci: intervalSchema.nullable(),
  implied_elasticity: z.number().nullable(),
  implied_elasticity_ci: intervalSchema.nullable(),
  /** Revenue per exposure (a ratio metric, delta method over units). */
  revenue_per_exposure_diff: z.number(),
  revenue_per_exposure_diff_ci: intervalSchema,
  revenue_per_exposure_p_value: z.number(),
  /** Revenue per unit without the CUPED adjustment (equal to revenue_diff when there is no covariate). */
  revenue_diff_unadjusted: z.number(),
  revenue_diff_unadjusted_ci: intervalSchema,
  /** False when an arm has too few independent units or no variance: no call is made. */
  enough_data: z.boolean(),
  not_enough_data_reason: z.string().nullable(),
  /** With `sequential`: always-valid p-values and confidence sequences (mSPRT), valid at any look. */
  sequential: sequentialComparisonSchema.nullable()
})
export type ArmComparison = z.infer<typeof armComparisonSchema>

export const srmSchema = z.object({
  chi_square: z.number(),
  df: z.number(),
  p_value: z.number(),
  observed: counts,
  expected: counts,
  mismatch: z.boolean()
})
export type Srm = z.infer<typeof srmSchema>

export const cupedSummarySchema = z.object({
  covariate: z.string(),
  theta: z.number(),
  /** Share of the within-arm variance of revenue per unit that the pre-period covariate removes. */
  variance_reduction: z.number(),
  units_with_covariate: z.number()
})
export type CupedSummary = z.infer<typeof cupedSummarySchema>

export const PLAN_PROBLEM_KINDS = ['not_in_plan', 'wrong_arm', 'duplicate'] as const
export type PlanProblemKind = (typeof PLAN_PROBLEM_KINDS)[number]

export const planProblemSchema = z.object({
  kind: z.enum(PLAN_PROBLEM_KINDS),
  unit: z.string(),
  /** 1-based line of the results file. */
  line: z.number().nullable(),
  message: z.string()
})
export type PlanProblem = z.infer<typeof planProblemSchema>

/** How the results file agrees with the saved plan (or with itself, without a plan). */
export const planCheckSchema = z.object({
  rows: z.number(),
  /** Rows kept for the analysis. */
  analysed_rows: z.number(),
  counts: z.record(z.enum(PLAN_PROBLEM_KINDS), z.number()),
  /** Share of rows with a problem (not in the plan, wrong arm, repeated). */
  problem_share: z.number(),
  /** The first problems, with their lines. */
  problems: z.array(planProblemSchema),
  /** Planned units (in a test arm) with no row in the results. */
  missing_units: z.number(),
  /** True when the problems exceeded the limit and the analysis ran anyway (allowMismatch). */
  over_limit: z.boolean()
})
export type PlanCheck = z.infer<typeof planCheckSchema>

export const sizeCheckSchema = z.object({
  planned_units: counts,
  observed_units: counts,
  planned_days: z.number().nullable(),
  elapsed_days: z.number().nullable(),
  reached: z.boolean()
})
export type SizeCheck = z.infer<typeof sizeCheckSchema>

/** How a switchback test's unit × period cells were analysed (absent for other designs and older analyses). */
export const switchbackSummarySchema = z.object({
  periods: z.number(),
  cells: z.number(),
  /** Cells left out as carry-over: the first `carryover_periods` periods after each switch of arm. */
  dropped_cells: z.number(),
  carryover_periods: z.number(),
  /** Independent clusters the errors are clustered by (units, or their stores). */
  clusters: z.number()
})
export type SwitchbackSummary = z.infer<typeof switchbackSummarySchema>

export const analysisSchema = z.object({
  confidence: z.number(),
  arms: z.array(armSummarySchema),
  comparisons: z.array(armComparisonSchema),
  srm: srmSchema,
  verdict: z.string(),
  caveats: z.array(z.string()),
  /** "unit" or "cluster": what the intervals treat as independent. */
  analysis_unit: z.enum(['unit', 'cluster']),
  variance_method: z.string(),
  cuped: cupedSummarySchema.nullable(),
  plan_check: planCheckSchema.nullable(),
  planned_size: sizeCheckSchema.nullable(),
  switchback: switchbackSummarySchema.nullable().optional()
})
export type Analysis = z.infer<typeof analysisSchema>

/** An analysis as `experiments:analyze` returns it: with the experiment it was read against and the rows read. */
export const analyzedResultsSchema = analysisSchema.extend({
  experiment: z.string().nullable(),
  rows: z.number()
})
export type AnalyzedResults = z.infer<typeof analyzedResultsSchema>
