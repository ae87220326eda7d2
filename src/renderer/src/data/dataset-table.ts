import type { TableInfo } from '../../../shared/data/results'

/** The EdTech sample's dataset id names its table after the colon ("sample:course_price_history"). */
const SAMPLE_PREFIX = 'sample:'

/** The table holding the app bar's dataset: the Data page opens on it, not on whichever table comes first. */
export function tableOfDataset(tables: readonly TableInfo[], dataset: string): string | null {
  if (!dataset) return null
  const name = dataset.startsWith(SAMPLE_PREFIX) ? dataset.slice(SAMPLE_PREFIX.length) : null
  const hit = tables.find((t) => (name ? t.name === name : t.kind === 'dataset' && t.dataset === dataset))
  return hit?.name ?? null
}

/** The table to show: the one already chosen while it exists, else the dataset's, else the first with rows. */
export function tableToShow(
  tables: readonly TableInfo[],
  chosen: string | null,
  dataset: string
): string | null {
  if (chosen && tables.some((t) => t.name === chosen)) return chosen
  return tableOfDataset(tables, dataset) ?? tables.find((t) => t.rows > 0)?.name ?? tables[0]?.name ?? null
}
