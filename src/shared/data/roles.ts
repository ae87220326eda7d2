/** Column roles of an import: the list, what each means, and what its absence disables (core, CLI and UI). */
import { z } from 'zod'

const datasetRolesShape = {
  item: z.string().optional(),
  segments: z.array(z.string()).optional(),
  period: z.string().optional(),
  price: z.string().optional(),
  quantity: z.string().optional(),
  cost: z.string().optional(),
  /** A competitor's price for the same item and period (the competitor band's reference). */
  competitor: z.string().optional(),
  features: z.array(z.string()).optional()
}

/** What each column of an imported dataset means to the models, as an import plan gives it. All values name target columns. */
export const datasetRolesSchema = z.strictObject(datasetRolesShape)
/** The same roles as a dataset reports them (not strict: a saved dataset's extra keys still parse). */
export const savedDatasetRolesSchema = z.object(datasetRolesShape)
export type DatasetRoles = z.infer<typeof datasetRolesSchema>

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
