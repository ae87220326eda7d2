import type { CatalogItem } from './catalog'

/**
 * Catalog items as columns, to cross to a worker (the corner curve's jobs): structured clone copies 96k item
 * objects in ~0.6 s of CPU, these columns in ~0.07 s; each field is read and written here by its name (a
 * generic packer's computed keys cost ~1 s at 96k items: megamorphic property access). Exact: numbers keep
 * their bits; null and absent fields come back as they were.
 */
export interface CatalogColumns {
  id: string[]
  name: string[]
  segment: string[]
  tier: (string | null)[]
  line: (string | null)[]
  current_price: Float64Array
  observed_min: Float64Array
  observed_max: Float64Array
  reference_price: Float64Array
  reference_kind: CatalogItem['reference_kind'][]
  /** NaN where the cost is null. */
  cost: Float64Array
  /** undefined where the item has no such field. */
  cost_source: (CatalogItem['cost_source'] | undefined)[]
  /** NaN where the age is null. */
  age_weeks: Float64Array
  row: Float64Array
  /** Only the items that have several rows: [index, rows]. */
  rows: [number, number[]][]
  /** NaN where the item has no recent quantity. */
  recent_quantity: Float64Array
}

const orNaN = (x: number | null | undefined) => (x === null || x === undefined ? NaN : x)

export function catalogColumns(items: readonly CatalogItem[]): CatalogColumns {
  const n = items.length
  const doubles = () => new Float64Array(n)
  const c: CatalogColumns = {
    // Filled by map: packed arrays (a holey one clones ~2× slower).
    id: items.map((it) => it.id),
    name: items.map((it) => it.name),
    segment: items.map((it) => it.segment),
    tier: items.map((it) => it.tier),
    line: items.map((it) => it.line),
    current_price: doubles(),
    observed_min: doubles(),
    observed_max: doubles(),
    reference_price: doubles(),
    reference_kind: items.map((it) => it.reference_kind),
    cost: doubles(),
    cost_source: items.map((it) => it.cost_source),
    age_weeks: doubles(),
    row: doubles(),
    rows: [],
    recent_quantity: doubles()
  }
  // One plain loop (Float64Array.from with a callback is ~10× slower in V8).
  for (let i = 0; i < n; i++) {
    const it = items[i]
    // A NaN cost, age or quantity could not be told from an absent one: refused rather than changed on the way.
    if (Number.isNaN(it.cost) || Number.isNaN(it.age_weeks) || Number.isNaN(it.recent_quantity))
      throw new Error(`catalog item ${it.id} has a NaN cost, age or recent quantity`)
    c.current_price[i] = it.current_price
    c.observed_min[i] = it.observed_min
    c.observed_max[i] = it.observed_max
    c.reference_price[i] = it.reference_price
    c.cost[i] = orNaN(it.cost)
    c.age_weeks[i] = orNaN(it.age_weeks)
    c.row[i] = it.row
    if (it.rows !== undefined) c.rows.push([i, it.rows])
    c.recent_quantity[i] = orNaN(it.recent_quantity)
  }
  return c
}

/** The items again: every field by name, in the catalog's order of fields. */
export function catalogFromColumns(c: CatalogColumns): CatalogItem[] {
  const nullable = (x: number) => (Number.isNaN(x) ? null : x)
  const out: CatalogItem[] = new Array(c.id.length)
  for (let i = 0; i < c.id.length; i++) {
    const it: CatalogItem = {
      id: c.id[i],
      name: c.name[i],
      segment: c.segment[i],
      tier: c.tier[i],
      line: c.line[i],
      current_price: c.current_price[i],
      observed_min: c.observed_min[i],
      observed_max: c.observed_max[i],
      reference_price: c.reference_price[i],
      reference_kind: c.reference_kind[i],
      cost: nullable(c.cost[i]),
      age_weeks: nullable(c.age_weeks[i]),
      row: c.row[i]
    }
    if (c.cost_source[i] !== undefined) it.cost_source = c.cost_source[i]
    if (!Number.isNaN(c.recent_quantity[i])) it.recent_quantity = c.recent_quantity[i]
    out[i] = it
  }
  for (const [i, rows] of c.rows) out[i].rows = rows
  return out
}
