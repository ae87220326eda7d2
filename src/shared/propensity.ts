/** The propensity domain's targets, shared by core, CLI and UI (the renderer never imports src/core). */

export const TARGETS = ['enrollment', 'churn', 'completion', 'upsell'] as const
export type Target = (typeof TARGETS)[number]

export type { PropensityRun, LearnerWhy } from '../core/propensity/registry'
export type { SegmentRow } from '../core/propensity/actions'
export type { TargetReport } from '../core/propensity/train'
export type { ProfitPoint } from '../core/propensity/metrics'
export type { OfferSummary } from '../core/propensity/offers'
export type { CustomerPropensityRun } from '../core/propensity/customers/registry'
