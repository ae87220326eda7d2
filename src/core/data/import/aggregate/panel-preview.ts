import type { TransactionRecipe } from '../../../../shared/transactions'
import type { ByteSource } from '../../csv/reader'
import type { DatasetRoles } from '../plan'
import { aggregateLog, type LogReadOptions } from './aggregate-log'
import { cellMeasures } from './group-by'
import { panelLayout } from './panel-columns'

/** The panel a recipe will build: the same pass as the import, nothing written. */
export interface PanelPreview {
  columns: { name: string; type: string }[]
  roles: DatasetRoles
  /** Panel rows (item × period cells), sales lines read, items and periods. */
  rows: number
  lines: number
  items: number
  periods: number
  /** The first rows of the panel, in the order they will be written. */
  head: (string | number | null)[][]
}

export async function previewPanel(
  source: ByteSource,
  file: string,
  recipe: TransactionRecipe,
  opts: LogReadOptions & { headRows?: number } = {}
): Promise<PanelPreview> {
  const layout = panelLayout(recipe)
  const agg = await aggregateLog(source, file, recipe, opts)
  const cells = agg.groupBy.sortedCells()
  const head = cells.slice(0, opts.headRows ?? 20).map((c) => {
    const m = cellMeasures(c, recipe)
    return layout.columns.map((col) => col.value(c, m))
  })
  return {
    columns: layout.columns.map((c) => ({ name: c.name, type: c.type })),
    roles: layout.roles,
    rows: cells.length,
    lines: agg.lines,
    items: new Set(cells.map((c) => c.itemOrder)).size,
    periods: new Set(cells.map((c) => c.day)).size,
    head
  }
}
