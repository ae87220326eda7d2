/** The experiments domain's default design, shared by core, CLI and UI (the renderer never imports src/core). */

import type { ExperimentDesign } from '../core/experiments/plan'

/** The wizard's starting point and the CLI's defaults: courses, −10% against today, stratified by category. */
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
  seed: 42,
  stratify: 'category',
  cluster: false,
  holdout: 0,
  pinned: [],
  exclude: [],
  start_date: null
}

export type { ArmChange, ArmSpec, ExperimentDesign } from '../core/experiments/plan'
export type { PlanSummary } from '../core/experiments/store'
export type { Analysis } from '../core/experiments/analyze'
export type { BalanceRow } from '../core/experiments/balance'
