import { z } from 'zod'
import { checksFieldsOf, withDefaults, type SavedFormat } from '../db/saved-json'
import type { PropensityRun, Band } from '../../shared/propensity/results'
import type { CustomerTargetReport } from '../../shared/propensity/customer-results'

/** A saved learner run's reports (propensity_runs.report_json). */
export type SavedPropensityRun = Pick<
  PropensityRun,
  'targets' | 'price_sensitivity' | 'churn_sensitivity' | 'dataset_version'
>

/** The version of the data a run was trained on; runs saved before runs kept it read as version 1. */
const datasetVersion = z.number().int().positive()
const FIRST_DATA_VERSION = withDefaults({ dataset_version: 1 })

const target = z.looseObject({ target: z.string(), segments: z.array(z.looseObject({})) })

export const PROPENSITY_RUN_FORMAT: SavedFormat<SavedPropensityRun> = {
  what: 'propensity run',
  version: 2,
  schema: checksFieldsOf<SavedPropensityRun>(
    z.looseObject({
      targets: z.array(target),
      price_sensitivity: z.looseObject({ scored: z.number() }).nullable(),
      churn_sensitivity: z.looseObject({}).nullable(),
      dataset_version: datasetVersion
    })
  ),
  upgrade: {
    // Runs saved before price sensitivity and the churn × sensitivity matrix: neither was computed.
    0: withDefaults({ price_sensitivity: null, churn_sensitivity: null }),
    // Runs saved before they kept their data's version: the sample's first version (a run on a
    // sample regenerated since is then listed stale, the safe side).
    1: FIRST_DATA_VERSION
  }
}

export const BANDS_FORMAT: SavedFormat<Band[]> = {
  what: 'propensity bands',
  version: 1,
  list: true,
  schema: z.array(z.object({ name: z.string(), min: z.number() }))
}

/** A saved customer-table run: its report and the version of the dataset it was trained on. */
export type SavedCustomerRun = CustomerTargetReport & { dataset_version: number }

/** A saved customer-table run's report (customer_propensity_runs.report_json). */
export const CUSTOMER_RUN_FORMAT: SavedFormat<SavedCustomerRun> = {
  what: 'customer propensity run',
  version: 2,
  schema: checksFieldsOf<SavedCustomerRun>(
    z.looseObject({
      dataset: z.string(),
      target: z.string(),
      segments: z.array(z.looseObject({})),
      dataset_version: datasetVersion
    })
  ),
  // Runs saved before they kept their dataset's version: its first version (stale once replaced).
  upgrade: { 1: FIRST_DATA_VERSION }
}
