import type { TransactionRecipe } from '../../../../shared/transactions'
import { cellMeasures, type PanelCell } from './group-by'
import { dayToIso } from '../../../util/dates'
import type { ColumnType } from '../../../../shared/data'
import type { DatasetRoles } from '../../../../shared/data/roles'

export interface PanelColumn {
  name: string
  type: ColumnType
  value: (c: PanelCell, m: ReturnType<typeof cellMeasures>) => string | number | null
}

/**
 * The panel's columns and roles, named after the log's own columns: the item key columns
 * (and `item`, their values joined, when there are several), the segments, the period
 * (named after the time column: the bucket's first day), quantity, price, flags, cost.
 */
export function panelLayout(r: TransactionRecipe): { columns: PanelColumn[]; roles: DatasetRoles } {
  const columns: PanelColumn[] = r.item_by.map((name, k) => ({ name, type: 'text', value: (c) => c.item[k] }))
  const taken = new Set([...r.item_by, ...(r.segments ?? []), r.time].map((x) => x.toLowerCase()))
  let item = r.item_by[0]
  if (r.item_by.length > 1) {
    item = ['item', 'item_key', 'panel_item'].find((x) => !taken.has(x)) ?? 'panel_item'
    columns.push({ name: item, type: 'text', value: (c) => c.item.join('-') })
  }
  ;(r.segments ?? []).forEach((name, s) => {
    if (!r.item_by.includes(name)) columns.push({ name, type: 'text', value: (c) => c.segments[s] })
  })
  const days = new Map<number, string>()
  const iso = (d: number) => {
    let s = days.get(d)
    if (s === undefined) days.set(d, (s = dayToIso(d)))
    return s
  }
  columns.push({ name: r.time, type: 'date', value: (c) => iso(c.day) })
  columns.push({ name: r.quantity, type: 'number', value: (_c, m) => m.quantity })
  const price = r.list_price ?? r.price
  columns.push({ name: price, type: 'number', value: (_c, m) => m.price })
  ;(r.features ?? []).forEach((name, f) =>
    columns.push({ name, type: 'number', value: (_c, m) => m.features[f] })
  )
  if (r.cost) columns.push({ name: r.cost, type: 'number', value: (_c, m) => m.cost })
  const roles: DatasetRoles = {
    item,
    ...(r.segments?.length ? { segments: r.segments } : {}),
    period: r.time,
    price,
    quantity: r.quantity,
    ...(r.features?.length ? { features: r.features } : {}),
    ...(r.cost ? { cost: r.cost } : {})
  }
  return { columns, roles }
}

/** A column used in two roles (say, the price and the cost) would be written twice: named, refused. */
export function duplicateColumn(columns: PanelColumn[]): string | null {
  const seen = new Set<string>()
  for (const c of columns) {
    const k = c.name.toLowerCase()
    if (seen.has(k)) return c.name
    seen.add(k)
  }
  return null
}
