import { z } from 'zod'

/**
 * The cross-price elasticity contract: the elasticity of the quantity of `on` with
 * respect to the price of `of`, both segment values (brands) when the matrix is
 * estimated per segment inside a group column (e.g. `store`). Shared by core, the
 * CLI's `elasticity --json` (`cross`, `cross_group`), the pages and the saved run.
 */
export const CROSS_READINGS = ['substitutes', 'complements', 'no evidence'] as const
export type CrossReading = (typeof CROSS_READINGS)[number]

const num = z.number().finite()

export const crossCellSchema = z.object({
  on: z.string(),
  of: z.string(),
  elasticity: num,
  ci_low: num,
  ci_high: num,
  /** Observations (rows of `on`) behind the cell. */
  n: z.number().int().nonnegative(),
  /** Standard error after shrinkage toward zero. */
  se: num.nonnegative(),
  /** The estimate before shrinkage (what the data alone say). */
  raw: num,
  /** substitutes: the interval lies above 0; complements: below; else no evidence. */
  reading: z.enum(CROSS_READINGS),
  /** Item-level matrices only: the segment value (category) inside which the two items compete. */
  within: z.string().optional()
})
export type CrossCell = z.infer<typeof crossCellSchema>

/** A segment's own elasticity estimated jointly with its cross terms (same regression). */
export const crossOwnSchema = z.object({
  segment: z.string(),
  elasticity: num,
  ci_low: num,
  ci_high: num,
  n: z.number().int().nonnegative()
})
export type CrossOwn = z.infer<typeof crossOwnSchema>

/** The cross-group setting: a column name, 'none' (off) or absent (detected where items are segment × group). */
export const crossGroupSetting = z.string().min(1).max(200)

/**
 * How many segments (the k that sell most, inside groups) enter the matrix: \`--cross-top-k\`, default 10
 * (k² cells stay readable and identified); at least 2, at most 50.
 */
export const CROSS_TOP_K_DEFAULT = 10
export const crossTopKSetting = z.number().int().min(2).max(50)

/**
 * Where the matrix is estimated: \`segment\` (segments competing inside a group column, e.g. brands within
 * a store: \`on\`/\`of\` are segment values) or \`item\` (items competing inside their segment, e.g. courses
 * within a category: \`on\`/\`of\` are item ids). Chosen by the group column: the segment column itself
 * (\`--cross-group category\`) gives the item level.
 */
export const CROSS_LEVELS = ['segment', 'item'] as const
export type CrossLevel = (typeof CROSS_LEVELS)[number]

/** What `--cross-group` / `crossGroup` selects, after detection. */
export const crossResultSchema = z.object({
  cross_group: z.string().nullable(),
  /** Absent in runs saved before item-level matrices: \`segment\`. */
  cross_level: z.enum(CROSS_LEVELS).optional(),
  cross: z.array(crossCellSchema),
  cross_own: z.array(crossOwnSchema)
})
export type CrossResult = z.infer<typeof crossResultSchema>

export const NO_CROSS: CrossResult = { cross_group: null, cross: [], cross_own: [] }

/** The reading of an interval: which side of zero it lies on, if any. */
export function crossReading(ciLow: number, ciHigh: number): CrossReading {
  if (ciLow > 0) return 'substitutes'
  if (ciHigh < 0) return 'complements'
  return 'no evidence'
}
