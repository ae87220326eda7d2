/**
 * The contract of a transaction-log import: how sales lines (one per basket line) become an
 * item × period panel. Shared by the core, the CLI, the API and the Import dialog.
 */
import { z } from 'zod'
import { DATE_FORMATS } from '../data'

/** Period buckets a log is reduced to; a panel row's period is the bucket's first day. */
export const BUCKETS = ['day', 'week', 'month'] as const
export type Bucket = (typeof BUCKETS)[number]

/** Weekdays, in the order Date.getUTCDay counts them (0 = Sunday). */
export const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday'
] as const
export type Weekday = (typeof WEEKDAYS)[number]

const column = z.string().min(1).max(200)

/** The recipe: which log columns make the item, the period and each measure of the panel. */
export const transactionRecipeSchema = z.strictObject({
  /** One or several columns whose values together name an item (store + SKU). */
  item_by: z.array(column).min(1).max(8),
  /** A timestamp or date column. */
  time: column,
  bucket: z.enum(BUCKETS),
  /** First day of a week bucket (ignored for day and month). */
  week_start: z.enum(WEEKDAYS).default('monday'),
  /** Units of the line; returns are negative and are netted within their item × period. */
  quantity: column,
  /** Unit price paid on the line: the panel's price is its units-weighted average over the sale lines. */
  price: column,
  /** A list (shelf) price column: when given, the panel's price is its units-weighted average instead. */
  list_price: column.optional(),
  /** Columns describing the item (brand, category): carried to the panel, constant within an item × period. */
  segments: z.array(column).max(8).optional(),
  /** Promotion flags (1/0, yes/no, true/false): the panel holds the share of units sold on promotion. */
  features: z.array(column).max(16).optional(),
  /** Unit cost column: the panel holds its units-weighted average. */
  cost: column.optional(),
  /** How the time column writes dates (default: ISO YYYY-MM-DD, optionally with a time). */
  date_format: z.enum(DATE_FORMATS).optional()
})
export type TransactionRecipe = z.infer<typeof transactionRecipeSchema>
export type TransactionRecipeInput = z.input<typeof transactionRecipeSchema>
