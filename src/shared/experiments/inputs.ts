/** The experiments calls' input schema: an A/B test's design (the core's `ExperimentDesign` is its output). */
import { z } from 'zod'
import { METRICS, SCHEDULES, STRATIFICATIONS, UNIT_KINDS } from './lists'
import { isoDate, seed } from '../api/common'

/** What an arm does to prices: nothing (control), a fixed change, a saved scenario's prices, or the optimized ones. */
const armChangeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('pct'), pct: z.number().gt(-100).max(1000) }),
  z.strictObject({ kind: z.literal('scenario'), name: z.string().min(1).max(100) }),
  z.strictObject({ kind: z.literal('optimized') })
])
export type ArmChange = z.output<typeof armChangeSchema>

const armSchema = z.strictObject({
  name: z.string().trim().min(1).max(50),
  change: armChangeSchema,
  weight: z.number().positive().max(100)
})
export type ArmSpec = z.output<typeof armSchema>

/** An A/B price test's design; the core's `ExperimentDesign` is this schema's output. */
export const experimentDesignSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  units: z.enum(UNIT_KINDS),
  /** Item units: the imported dataset they come from. */
  dataset: z.string().min(1).max(200).nullable().default(null),
  metric: z.enum(METRICS),
  /** The first arm is the control and changes nothing. */
  arms: z.array(armSchema).min(2).max(8),
  alpha: z.number().gt(0).lt(0.5),
  power: z.number().gt(0.5).lt(1),
  /** Relative minimum detectable effect (0.05 = 5%); null: report what the units can detect. */
  mde: z.number().gt(0).max(10).nullable(),
  seed,
  stratify: z.enum(STRATIFICATIONS),
  /** Courses: randomize whole teachers, so one teacher's courses never compete across arms. */
  cluster: z.boolean(),
  holdout: z.number().min(0).max(0.5),
  pinned: z.array(z.strictObject({ unit: z.string().min(1), arm: z.string().min(1) })).max(10_000),
  /** Units kept out of the test (e.g. the optimizer's locked items). */
  exclude: z.array(z.string().min(1)).max(100_000),
  start_date: isoDate.nullable(),
  /**
   * Scenario and optimized arms: the smallest relative price change (0.02 = 2%) that puts a unit in
   * the test; units the decision moves less are left out and counted. Absent in older designs: 2%.
   */
  min_change: z.number().min(0).max(0.5).default(0.02),
  /** Item units: the dataset's id column that is the unit (a store, a region); null: the item role. */
  unit_column: z.string().min(1).max(200).nullable().default(null),
  /**
   * Item units: the column whose values are randomized whole (every item of a store in one arm), so
   * items that take volume from each other never sit in different arms; analysed at that level. Null: none.
   */
  cluster_by: z.string().min(1).max(200).nullable().default(null),
  /** fixed: a unit keeps its arm; switchback: arms alternate by period within each unit (or cluster). */
  schedule: z.enum(SCHEDULES).default('fixed')
})
export type ExperimentDesign = z.output<typeof experimentDesignSchema>
