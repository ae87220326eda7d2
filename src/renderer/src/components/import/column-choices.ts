// The panel import's per-column choices (include, name, type, role, date format) and the plan they make.
import type { CsvPreview } from '../../../../shared/data/results'
import type { DatasetRoles } from '../../../../shared/data/roles'
import type { DateFormat, ColumnType, SeedTable } from '../../../../shared/data'
import type { ImportPlan } from '../../../../shared/data/calls'
import { rolesFromColumns, type ColumnRole } from '../../../../shared/data/roles'

export interface ColumnChoice {
  source: string
  include: boolean
  target: string
  type: ColumnType
  role: ColumnRole
  /** For a date column: how its values are written; null until the analyst resolves an ambiguous one. */
  dateFormat: DateFormat | null
}

export function rolesOf(cols: ColumnChoice[]): DatasetRoles {
  return rolesFromColumns(cols.filter((c) => c.include))
}

/** The choices a fresh preview starts from: every column included, as the preview typed and guessed it. */
export function choicesOfPreview(p: CsvPreview): ColumnChoice[] {
  return p.columns.map((c, i) => ({
    source: c.name,
    include: true,
    target: c.name.trim(),
    type: c.type,
    role: p.roles[i] ?? 'none',
    dateFormat: c.type === 'date' ? (c.dateFormat ?? null) : 'YYYY-MM-DD'
  }))
}

export interface PanelTarget {
  target: 'dataset' | 'table'
  name: string
  table: SeedTable
  mode: 'append' | 'replace'
  /** Replace the dataset of the same name (only when one is taken and the analyst said so). */
  replacing: boolean
}

/** The import plan for these choices; null while there is no preview or an ambiguous date is unresolved. */
export function panelPlanOf(
  preview: CsvPreview | null,
  cols: ColumnChoice[],
  t: PanelTarget
): ImportPlan | null {
  if (!preview) return null
  const base = {
    delimiter: preview.delimiter,
    decimal: preview.decimal,
    ...(preview.format === 'csv' ? { encoding: preview.encoding.encoding } : { sheet: preview.sheet })
  }
  if (t.target === 'table') return { ...base, target: { kind: 'table', table: t.table, mode: t.mode } }
  // An ambiguous date column must be resolved first.
  if (cols.some((c) => c.include && c.type === 'date' && !c.dateFormat)) return null
  return {
    ...base,
    target: {
      kind: 'dataset',
      name: t.name,
      roles: rolesOf(cols),
      ...(t.replacing ? { replace: true } : {})
    },
    columns: cols
      .filter((c) => c.include)
      .map(({ source, target, type, dateFormat }) => ({
        source,
        target,
        type,
        ...(type === 'date' && dateFormat && dateFormat !== 'YYYY-MM-DD' ? { dateFormat } : {})
      }))
  }
}
