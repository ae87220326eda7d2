import { quoteIdent, type Db } from '../../db/port'
import type { ColumnType } from '../../../shared/data'

export interface TableColumn {
  name: string
  type: ColumnType
  required: boolean
}

/** Columns of a project table with the import type each expects (dates are TEXT columns named *_date / week_start). */
export function tableColumns(db: Db, table: string): TableColumn[] {
  const info = db
    .prepare<{ name: string; type: string; notnull: number; dflt_value: unknown; pk: number }>(
      `SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)`
    )
    .all(table)
  return info.map((c) => {
    const t = c.type.toUpperCase()
    const isRowidAlias = c.pk === 1 && t === 'INTEGER' && info.filter((x) => x.pk > 0).length === 1
    let type: ColumnType = 'text'
    if (t.includes('INT')) type = 'integer'
    else if (t.includes('REAL') || t.includes('NUM') || t.includes('FLOA') || t.includes('DOUB'))
      type = 'number'
    else if (/_date$|^week_start$/.test(c.name)) type = 'date'
    return {
      name: c.name,
      type,
      required: (c.notnull === 1 && c.dflt_value === null && !isRowidAlias) || (c.pk > 0 && !isRowidAlias)
    }
  })
}

export function tableExists(db: Db, table: string): boolean {
  return !!db.prepare("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?").get(table)
}

export function countRows(db: Db, table: string): number {
  return (db.prepare<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(table)}`).get() as { n: number })
    .n
}
