import type { DateFormat } from '../../../../shared/data'
import type { Bucket, TransactionRecipeInput, Weekday } from '../../../../shared/transactions'

/** The Import dialog's choices for a sales-line log, as the analyst edits them ('' = not chosen). */
export interface LogChoices {
  itemBy: string[]
  time: string
  bucket: Bucket
  weekStart: Weekday
  price: string
  listPrice: string
  quantity: string
  segments: string[]
  features: string[]
  cost: string
}

const norm = (c: string) => c.trim().toLowerCase()
const first = (cols: string[], re: RegExp, not?: RegExp) =>
  cols.find((c) => re.test(norm(c)) && !(not && not.test(norm(c)))) ?? ''
const all = (cols: string[], re: RegExp) => cols.filter((c) => re.test(norm(c)))

/**
 * Prefills the choices from the log's column names where they are obvious (store + SKU, sold_at,
 * unit_price, units…); anything not obvious stays empty for the analyst to choose.
 */
export function guessChoices(columns: string[]): LogChoices {
  const store = first(columns, /^(store|shop|outlet|branch|location)(_?id|_?code)?$/)
  const sku = first(columns, /^(sku|item|product|article|ean|upc)(_?id|_?code)?$/)
  return {
    itemBy: [store, sku].filter(Boolean),
    time: first(columns, /(^|_)(sold_at|timestamp|datetime|time|date|day|ts)$|_at$/),
    bucket: 'week',
    weekStart: 'monday',
    price: first(columns, /price|paid|^amount$/, /list|shelf|regular|rrp|msrp/),
    listPrice: first(columns, /(list|shelf|regular|rrp|msrp).*price|^(rrp|msrp)$/),
    quantity: first(columns, /^(units|qty|quantity|quantity_sold|units_sold|volume)$/),
    segments: all(columns, /^(brand|category|department|segment)$/),
    features: all(columns, /promo|feature|display|on_sale|discounted/),
    cost: first(columns, /(^|_)cost$|^unit_cost$|^cogs$/)
  }
}

/** The recipe the choices make, or why they do not make one yet (the first missing choice). */
export function recipeOf(
  c: LogChoices,
  dateFormat?: DateFormat | null
): { recipe: TransactionRecipeInput; missing: null } | { recipe: null; missing: string } {
  if (c.itemBy.length === 0) return { recipe: null, missing: 'Choose the column(s) that name an item.' }
  if (!c.time) return { recipe: null, missing: 'Choose the date or timestamp column.' }
  if (!c.price) return { recipe: null, missing: 'Choose the price column.' }
  if (!c.quantity) return { recipe: null, missing: 'Choose the units column.' }
  return {
    missing: null,
    recipe: {
      item_by: c.itemBy,
      time: c.time,
      bucket: c.bucket,
      week_start: c.weekStart,
      price: c.price,
      quantity: c.quantity,
      ...(c.listPrice ? { list_price: c.listPrice } : {}),
      ...(c.segments.length ? { segments: c.segments } : {}),
      ...(c.features.length ? { features: c.features } : {}),
      ...(c.cost ? { cost: c.cost } : {}),
      ...(dateFormat && dateFormat !== 'YYYY-MM-DD' ? { date_format: dateFormat } : {})
    }
  }
}
