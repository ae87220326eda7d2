import { z } from 'zod'
import { checksFieldsOf, withDefaults, type SavedFormat } from '../db/saved-json'
import type { PropensityRun, Band } from '../../shared/propensity/results'
import type { CustomerTargetReport } from '../../shared/propensity/customer-results'

/** A saved learner run's reports (propensity_runs.report_json). */
export type SavedPropensityRun = Pick<PropensityRun, 'targets' | 'price_sensitivity' | 'churn_sensitivity'>

const target = z.looseObject({ target: z.string(), segments: z.array(z.looseObject({})) })

export const PROPENSITY_RUN_FORMAT: SavedFormat<SavedPropensityRun> = {
  what: 'propensity run',
  version: 1,
  schema: checksFieldsOf<SavedPropensityRun>(
    z.looseObject({
      targets: z.array(target),
      price_sensitivity: z.looseObject({ scored: z.number() }).nullable(),
      churn_sensitivity: z.looseObject({}).nullable()
    })
  ),
  // Runs saved before price sensitivity and the churn × sensitivity matrix: neither was computed.
  upgrade: { 0: withDefaults({ price_sensitivity: null, churn_sensitivity: null }) }
}

export const BANDS_FORMAT: SavedFormat<Band[]> = {
  what: 'propensity bands',
  version: 1,
  list: true,
  schema: z.array(z.object({ name: z.string(), min: z.number() }))
}

/** A saved customer-table run's report (customer_propensity_runs.report_json). */
export const CUSTOMER_RUN_FORMAT: SavedFormat<CustomerTargetReport> = {
  what: 'customer propensity run',
  version: 1,
  schema: checksFieldsOf<CustomerTargetReport>(
    z.looseObject({ dataset: z.string(), target: z.string(), segments: z.array(z.looseObject({})) })
  )
}
