/** The experiments domain's contract: its lists, the default design and its types (the renderer never imports src/core). */
import type { ExperimentDesign } from './inputs'
import { DEFAULT_SEED } from '../defaults'
import type { Metric, Stratification, UnitKind } from './lists'

export * from './lists'

/**
 * The one default design: the wizard's starting point, the CLI's (`pricelab abtest`) and the
 * study pipeline's defaults: courses, −10% against today, stratified by category.
 */
export const DEFAULT_DESIGN: ExperimentDesign = {
  name: 'price-test',
  units: 'courses',
  dataset: null,
  metric: 'revenue',
  arms: [
    { name: 'control', change: { kind: 'none' }, weight: 1 },
    { name: 'treatment', change: { kind: 'pct', pct: -10 }, weight: 1 }
  ],
  alpha: 0.05,
  power: 0.8,
  mde: 0.1,
  seed: DEFAULT_SEED,
  stratify: 'category',
  cluster: false,
  holdout: 0,
  pinned: [],
  exclude: [],
  start_date: null,
  min_change: 0.02,
  unit_column: null,
  cluster_by: null,
  schedule: 'fixed'
}

export type { ArmChange, ArmSpec, ExperimentDesign } from './inputs'
export type {
  Analysis,
  AnalyzedResults,
  ArmComparison,
  ArmSummary,
  BalanceRow,
  Baseline,
  ChangeDistribution,
  CupedPlan,
  CupedSummary,
  ExperimentListing,
  Interval,
  PlanCheck,
  PlanProblem,
  PlanProblemKind,
  PlanSummary,
  PowerResult,
  SequentialComparison,
  Srm,
  SizeCheck,
  SwitchbackSummary,
  StratumRow,
  TreatmentArm,
  TreatmentCheck
} from './results'

/** The default stratification for a unit kind: learners have no category, only their propensity segment. */
export function defaultStratify(units: UnitKind): Stratification {
  return units === 'learners' ? 'none' : DEFAULT_DESIGN.stratify
}

/** The default metric for a unit kind: a learner converts or not; courses and items earn revenue. */
export function defaultMetric(units: UnitKind): Metric {
  return units === 'learners' ? 'conversion' : DEFAULT_DESIGN.metric
}
