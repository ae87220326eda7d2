import type { TransactionRecipe } from '../../../../shared/transactions'
import type { ByteSource } from '../../csv/reader'
import { aggregateLog, type LogReadOptions } from './aggregate-log'
import { cellMeasures } from './group-by'
import { panelLayout } from './panel-columns'
import type { PanelPreview } from '../../../../shared/transactions/results'

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
