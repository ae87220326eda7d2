import { quoteIdent, type Db } from '../db/port'
import { findDataset } from '../data/datasets'
import { PanelError, type Panel } from './panel'
import type { DatasetInfo } from '../../shared/data/results'

/** `--cross-group none`: cross-price effects off. */
export const CROSS_OFF = 'none'

export interface CrossGroup {
  name: string
  /**
   * \`segment\`: segments compete inside each value of the column (brands within a store, items are
   * segment × group); \`item\`: the column is the segment column itself, and the items of each segment
   * compete with each other (courses within a category).
   */
  level: 'segment' | 'item'
  /** Group code per panel item (-1: the item has no group value). */
  ofItem: Int32Array
  values: string[]
}

/**
 * The column inside which a dataset's items compete, with each item's value: the one
 * named (refused, naming the flag, when it does not split items as segment × group), or
 * with no setting the first column that does (retail_sample: `store`, items = store ×
 * brand). Naming the segment column itself (`--cross-group category`) asks for the item
 * level: the items of each segment compete (courses within a category). Null where there is
 * none, when asked for `none`, or, with no setting, for data whose items are not segment ×
 * group (the EdTech sample: its 52 weeks measure a course-by-course cell to about ±0.15,
 * so item-level cells are estimated only when asked for).
 */
export function crossGroupOf(db: Db, panel: Panel, setting: string | undefined): CrossGroup | null {
  if (setting === CROSS_OFF) return null
  if (setting !== undefined && setting === panel.segmentName) return itemLevel(panel)
  const ds = findDataset(db, panel.dataset)
  if (!ds || !ds.roles.item || panel.segments.length < 2) {
    if (setting)
      throw new PanelError(
        `--cross-group ${setting}: cross-price effects need a dataset with an item column and a segment column with at least two values`
      )
    return null
  }
  const segment = panel.segmentName
  if (setting) {
    if (!ds.columns.some((c) => c.name === setting))
      throw new PanelError(
        `--cross-group ${setting}: dataset "${ds.name}" has no column "${setting}" (columns: ${ds.columns.map((c) => c.name).join(', ')})`
      )
    const why = splitProblem(db, ds, segment, setting)
    if (why) throw new PanelError(`--cross-group ${setting}: ${why}`)
    return readGroups(db, ds, panel, setting)
  }
  for (const col of candidates(ds, segment))
    if (!splitProblem(db, ds, segment, col)) return readGroups(db, ds, panel, col)
  return null
}

/** Items compete inside their own segment: the group of an item is its segment. */
function itemLevel(panel: Panel): CrossGroup {
  if (panel.segments.length < 1 || !panel.period)
    throw new PanelError(
      `--cross-group ${panel.segmentName}: item-level cross-price effects need a period column (prices of the same week)`
    )
  const ofItem = new Int32Array(panel.itemIds.length).fill(-1)
  for (let r = 0; r < panel.n; r++) ofItem[panel.item[r]] = panel.segment[r]
  return { name: panel.segmentName, level: 'item', ofItem, values: panel.segments }
}

/** Columns that could hold groups: text or whole-number columns without a numeric role. */
function candidates(ds: DatasetInfo, segment: string): string[] {
  const r = ds.roles
  const taken = new Set(
    [r.item, r.period, r.price, r.quantity, r.cost, r.competitor, segment, ...(r.features ?? [])].filter(
      (x): x is string => !!x
    )
  )
  return ds.columns
    .filter((c) => !taken.has(c.name) && (c.type === 'text' || c.type === 'integer'))
    .map((c) => c.name)
}

/**
 * Why `col` does not make items segment × group (null when it does): each item must
 * have one value of it, and each (segment, value) pair be one item, in ≥ 2 groups.
 */
function splitProblem(db: Db, ds: DatasetInfo, segment: string, col: string): string | null {
  const t = quoteIdent(ds.table)
  const item = quoteIdent(ds.roles.item as string)
  const g = quoteIdent(col)
  const s = quoteIdent(segment)
  const r = db
    .prepare<{ items: number; item_groups: number; seg_groups: number; groups: number; blanks: number }>(
      `SELECT count(DISTINCT ${item}) AS items,
              count(DISTINCT CAST(${item} AS TEXT) || char(1) || CAST(${g} AS TEXT)) AS item_groups,
              count(DISTINCT CAST(${s} AS TEXT) || char(1) || CAST(${g} AS TEXT)) AS seg_groups,
              count(DISTINCT ${g}) AS groups,
              sum(${g} IS NULL) AS blanks
       FROM ${t}`
    )
    .get() as { items: number; item_groups: number; seg_groups: number; groups: number; blanks: number }
  if (r.blanks > 0) return `column "${col}" has ${r.blanks} blank values`
  if (r.groups < 2) return `column "${col}" has fewer than two values: nothing competes across groups`
  if (r.item_groups !== r.items) return `items change their "${col}" value: it is not a group items belong to`
  if (r.seg_groups !== r.items)
    return `several items share a ${segment} inside one "${col}" value: items are not one per ${segment} × ${col}`
  return null
}

function readGroups(db: Db, ds: DatasetInfo, panel: Panel, col: string): CrossGroup {
  const rows = db
    .prepare<{ item: string; grp: string }>(
      `SELECT DISTINCT CAST(${quoteIdent(ds.roles.item as string)} AS TEXT) AS item, CAST(${quoteIdent(col)} AS TEXT) AS grp FROM ${quoteIdent(ds.table)}`
    )
    .all()
  const values = [...new Set(rows.map((r) => r.grp))].sort()
  const code = new Map(values.map((v, i) => [v, i]))
  const byItem = new Map(rows.map((r) => [r.item, code.get(r.grp) as number]))
  return {
    name: col,
    level: 'segment',
    values,
    ofItem: Int32Array.from(panel.itemIds, (id) => byItem.get(id) ?? -1)
  }
}

/** Each listed item's value of the group column in a dataset (null: the item is not there, or the column is gone). */
export function itemGroupValues(
  db: Db,
  dataset: string,
  column: string,
  ids: string[]
): Map<string, string | null> {
  const ds = findDataset(db, dataset)
  const out = new Map<string, string | null>(ids.map((id) => [id, null]))
  if (!ds?.roles.item || !ds.columns.some((c) => c.name === column)) return out
  const rows = db
    .prepare<{ item: string; grp: string }>(
      `SELECT DISTINCT CAST(${quoteIdent(ds.roles.item)} AS TEXT) AS item, CAST(${quoteIdent(column)} AS TEXT) AS grp FROM ${quoteIdent(ds.table)}`
    )
    .all()
  for (const r of rows) if (out.has(r.item)) out.set(r.item, r.grp)
  return out
}
