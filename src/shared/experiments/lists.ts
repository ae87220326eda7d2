/** The experiments domain's lists (units, schedules, metrics, stratifications): the enums its schemas are built from. */

/** What a test randomizes: the sample's courses or learners, or an imported dataset's items. */
export const UNIT_KINDS = ['courses', 'learners', 'items'] as const
export type UnitKind = (typeof UNIT_KINDS)[number]

/** fixed: a unit keeps its arm for the whole test; switchback: arms alternate by period within each unit (or cluster). */
export const SCHEDULES = ['fixed', 'switchback'] as const
export type Schedule = (typeof SCHEDULES)[number]

/** What a test measures. */
export const METRICS = ['conversion', 'revenue'] as const
export type Metric = (typeof METRICS)[number]

/** How units are grouped before they are split between arms (balanced within each stratum). */
export const STRATIFICATIONS = ['none', 'category', 'tier', 'price_tier', 'segment'] as const
export type Stratification = (typeof STRATIFICATIONS)[number]
