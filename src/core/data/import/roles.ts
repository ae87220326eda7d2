import type { ColumnType, InferredColumn } from '../csv/types'
import type { DatasetRoles } from './plan'

/** What a column can mean to the models; 'none' = imported but not used by them. */
export const COLUMN_ROLES = [
  'none',
  'item',
  'segment',
  'period',
  'price',
  'quantity',
  'cost',
  'competitor',
  'feature'
] as const
export type ColumnRole = (typeof COLUMN_ROLES)[number]

export interface RoleInfo {
  label: string
  /** What the role is used for, in the analyst's terms. */
  explains: string
  /** What cannot run, or runs differently, when no column has this role. */
  whenMissing: string
  /** Roles without which the dataset cannot be modelled at all. */
  required: boolean
}

export const ROLE_INFO: Record<Exclude<ColumnRole, 'none'>, RoleInfo> = {
  item: {
    label: 'Item',
    explains:
      'What each row is about: a SKU, product, store × brand. Gives per-item models and one price per item.',
    whenMissing:
      'every row is one series: no per-item elasticity, one price line in the price sheet, A/B plans cannot assign items',
    required: false
  },
  period: {
    label: 'Period',
    explains:
      'The week, date or period of the row. Gives a time holdout, seasonality controls, and today’s price = the latest period.',
    whenMissing:
      'no time holdout (models are tested on random rows), no seasonality, and today’s price is the last row in file order',
    required: false
  },
  price: {
    label: 'Price',
    explains: 'The price charged in that row (numeric). Required for elasticity, pricing and A/B plans.',
    whenMissing: 'no elasticity, pricing or A/B plan: the dataset is not offered to the models',
    required: true
  },
  quantity: {
    label: 'Quantity',
    explains:
      'Units sold (qty, units, sales, move) in that row (numeric). Required: it is what the price explains.',
    whenMissing: 'no elasticity, pricing or A/B plan: the dataset is not offered to the models',
    required: true
  },
  cost: {
    label: 'Cost',
    explains: 'Unit cost: profit and margin objectives and the margin-floor guardrail.',
    whenMissing:
      'pricing maximises revenue only (the margin objective and margin floor need a cost or a cost share)',
    required: false
  },
  segment: {
    label: 'Segment',
    explains:
      'A grouping such as brand, category or region: elasticity per segment, A/B plans stratified by it.',
    whenMissing: 'one elasticity for all rows, and A/B plans are not stratified',
    required: false
  },
  competitor: {
    label: 'Competitor price',
    explains: 'A competitor’s price for the same item and period: the competitor-band guardrail.',
    whenMissing: 'no competitor band in pricing',
    required: false
  },
  feature: {
    label: 'Feature',
    explains: 'Other drivers of demand (promotion, display, holiday flags) used as controls by the models.',
    whenMissing: 'the models control only for item, period and segment',
    required: false
  }
}

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

/** Roles as the import plan stores them (target column names). */
export function rolesFromColumns(cols: { target: string; role: ColumnRole }[]): DatasetRoles {
  const one = (r: ColumnRole) => cols.find((c) => c.role === r)?.target
  const many = (r: ColumnRole) => cols.filter((c) => c.role === r).map((c) => c.target)
  return {
    item: one('item'),
    period: one('period'),
    price: one('price'),
    quantity: one('quantity'),
    cost: one('cost'),
    competitor: one('competitor'),
    segments: many('segment'),
    features: many('feature')
  }
}

/** The roles no column has, with what each absence disables; required ones first. */
export function missingRoles(roles: DatasetRoles): { role: Exclude<ColumnRole, 'none'>; info: RoleInfo }[] {
  const present: Record<Exclude<ColumnRole, 'none'>, boolean> = {
    item: !!roles.item,
    period: !!roles.period,
    price: !!roles.price,
    quantity: !!roles.quantity,
    cost: !!roles.cost,
    competitor: !!roles.competitor,
    segment: (roles.segments?.length ?? 0) > 0,
    feature: (roles.features?.length ?? 0) > 0
  }
  return (Object.keys(ROLE_INFO) as Exclude<ColumnRole, 'none'>[])
    .filter((r) => !present[r])
    .map((role) => ({ role, info: ROLE_INFO[role] }))
    .sort((a, b) => Number(b.info.required) - Number(a.info.required))
}
