import type { ColumnRole } from '../../../shared/data/roles'
import type { ColumnType } from '../../../shared/data'
import type { InferredColumn } from '../../../shared/data/results'

const NUMERIC: ColumnType[] = ['integer', 'number']

/** Lower-case words of a header: "Unit Price (€)" → ["unit", "price"]. */
function words(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
}

const has = (w: string[], re: RegExp) => w.some((x) => re.test(x))

/** The role a column's name and type suggest, or 'none'. Order matters: "cost price" is a cost. */
export function roleFromName(name: string, type: ColumnType): ColumnRole {
  const w = words(name)
  const numeric = NUMERIC.includes(type)
  if (numeric && has(w, /^(compet\w*|rival\w*)$/)) return 'competitor'
  if (numeric && has(w, /^(cost|costs|cogs|wholesale|purchase)$/)) return 'cost'
  if (numeric && has(w, /^(price|prices|prc|asp)$/)) return 'price'
  if (
    numeric &&
    has(w, /^(qty|quantity|quantities|units?|sales|volume|move|movement|sold|demand|enrollments?|orders)$/)
  )
    return 'quantity'
  if (
    (type === 'date' || type === 'integer' || type === 'text') &&
    has(w, /^(date|week|wk|month|period|day|time|yearweek|yyyyww)$/)
  )
    return 'period'
  if (numeric && has(w, /^(feature|display|promo|promotion|holiday|ad|flyer|deal)$/)) return 'feature'
  if (type !== 'number' && has(w, /^(item|sku|upc|ean|gtin|product|article|id|storebrand)$/)) return 'item'
  if (
    type === 'text' &&
    has(w, /^(brand|category|segment|region|channel|department|family|class|group|manufacturer)$/)
  )
    return 'segment'
  return 'none'
}

/**
 * One guessed role per column: single roles (item, period, price, quantity, cost,
 * competitor) go to the first column that fits; segments and features may be many.
 * "item" is preferred over a generic "id", and a "store" + "brand" pair without an
 * item column makes the brand a segment and leaves the item to the analyst.
 */
export function guessRoles(columns: Pick<InferredColumn, 'name' | 'type'>[]): ColumnRole[] {
  const raw = columns.map((c) => roleFromName(c.name, c.type))
  const specific = columns.findIndex((c, i) => raw[i] === 'item' && !/^id$|_id$/i.test(c.name.trim()))
  const taken = new Set<ColumnRole>()
  return raw.map((r, i) => {
    if (r === 'item' && specific >= 0 && i !== specific) return 'none'
    if (r === 'segment' || r === 'feature' || r === 'none') return r
    if (taken.has(r)) return 'none'
    taken.add(r)
    return r
  })
}
