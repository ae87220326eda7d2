import type { Db } from '../db/port'
import type { ElasticityReport } from '../../shared/elasticity/results'
import { itemGroupValues } from '../elasticity/cross-groups'
import type { Catalog } from './catalog'
import type { DemandFn } from './optimize'
import {
  linksFromCells,
  linksFromItemCells,
  withCross,
  type CrossLink,
  type DemandSystem
} from './demand-system'
import type { CrossTerm } from './workbook/input'

/** The run's cross-price links between a catalog's items, and the sentence saying so (links null: none applied). */
export interface RunCross {
  links: CrossLink[][] | null
  count: number
  note: string | null
}

/**
 * The run's cross-price matrix as links between catalog items: each item (a store ×
 * brand) moves with the prices of the other brands of its store. None where the run
 * has no matrix, where the catalog's items are not the dataset's items (e.g. priced
 * per brand), or when the analyst chose to ignore cross effects.
 */
export function runCrossLinks(db: Db, report: ElasticityReport, catalog: Catalog, ignore: boolean): RunCross {
  const cells = report.cross ?? []
  const group = report.cross_group ?? null
  if (!group || !cells.length) return { links: null, count: 0, note: null }
  if (ignore)
    return {
      links: null,
      count: 0,
      note: `cross-price effects within ${group} ignored (as asked): each item's volume moves with its own price only`
    }
  const links = runLinks(db, report, group, catalog.items)
  const count = links.reduce((s, l) => s + l.length, 0)
  if (!count) return { links: null, count: 0, note: null }
  return {
    links,
    count,
    note: `cross-price effects within ${group}: ${count} links between items (the run's ${cells.length}-cell ${report.cross_level === 'item' ? 'item-level ' : ''}matrix)`
  }
}

/** Links from the run's matrix: by item id at the item level, else by segment inside each item's group value. */
function runLinks(
  db: Db,
  report: ElasticityReport,
  group: string,
  items: Pick<Catalog['items'][number], 'id' | 'segment'>[]
): CrossLink[][] {
  if (report.cross_level === 'item') return linksFromItemCells(items, report.cross)
  const groups = itemGroupValues(
    db,
    report.dataset,
    group,
    items.map((it) => it.id)
  )
  return linksFromCells(items, (it) => groups.get(it.id) ?? null, report.cross)
}

/** The pricing demand with the run's cross-price matrix (`runCrossLinks`); the own-price curve as it is without one. */
export function withRunCross(
  db: Db,
  report: ElasticityReport,
  catalog: Catalog,
  own: DemandFn,
  ignore: boolean
): { demand: DemandSystem; links: number; note: string | null } {
  const c = runCrossLinks(db, report, catalog, ignore)
  return { demand: c.links ? withCross(own, catalog.items, c.links) : own, links: c.count, note: c.note }
}

/**
 * The cross terms between a saved sheet's items, as the run priced them: the workbook's What-if formulas
 * multiply each item's quantity by them, so its forecasts are the app's. None where the run ignored cross
 * effects or its items are not the dataset's items (a sheet priced per brand).
 */
export function sheetCrossTerms(
  db: Db,
  report: ElasticityReport,
  rows: { item_id: string; category: string }[],
  ignore: boolean
): CrossTerm[] {
  const cells = report.cross ?? []
  const group = report.cross_group ?? null
  if (ignore || !group || !cells.length) return []
  const items = rows.map((r) => ({ id: r.item_id, segment: r.category }))
  const links = runLinks(db, report, group, items)
  // The group a term is written under: the item's group value, or its segment at the item level.
  const groups =
    report.cross_level === 'item'
      ? new Map(items.map((it) => [it.id, it.segment]))
      : itemGroupValues(
          db,
          report.dataset,
          group,
          items.map((it) => it.id)
        )
  return links.flatMap((list, on) =>
    list.map((l) => ({ on, of: l.of, elasticity: l.elasticity, group: groups.get(items[on].id) ?? '' }))
  )
}
