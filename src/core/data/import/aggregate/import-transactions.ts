import { quoteIdent, type Db } from '../../../db/port'
import { saveJson } from '../../../db/saved-json'
import { COLUMNS_FORMAT, ROLES_FORMAT } from '../../formats'
import { CsvImportError } from '../../csv/errors'
import type { ByteSource } from '../../csv/reader'
import type { TransactionRecipe } from '../../../../shared/transactions'
import { datasetTableName, findDataset, validateDatasetName } from '../../datasets'
import { DatasetExistsError } from '../plan'
import { BatchInsert } from '../batch-insert'
import { tableExists } from '../table-columns'
import { saveImportNotes } from '../import-notes'
import { aggregateLog, type LogReadOptions } from './aggregate-log'
import { cellMeasures } from './group-by'
import { duplicateColumn, panelLayout } from './panel-columns'
import { saveRecipe } from './recipe-store'
import type { TransactionImportResult } from '../../../../shared/transactions/results'

export interface TransactionImportRequest {
  name: string
  replace?: boolean
  recipe: TransactionRecipe
}

/**
 * A transaction log → an item × period panel dataset. The log is read and aggregated in full
 * first (memory: the panel's cells); only then, in one transaction, is the panel written with
 * its recipe, so a bad line, a cancel or a crash leaves the project as it was.
 */
export async function importTransactions(
  db: Db,
  source: ByteSource,
  file: string,
  req: TransactionImportRequest,
  opts: LogReadOptions & { now?: () => number } = {}
): Promise<TransactionImportResult> {
  const now = opts.now ?? Date.now
  const t0 = now()
  const at1 = (message: string) => new CsvImportError([{ file, line: 1, column: 1, message }])
  const nameIssue = validateDatasetName(req.name)
  if (nameIssue) throw at1(nameIssue)
  const existing = findDataset(db, req.name)
  if (existing && !req.replace) throw new DatasetExistsError(req.name)
  const table = datasetTableName(req.name)
  if (!existing && tableExists(db, table))
    throw at1(`table ${table} already exists; choose another dataset name`)
  const layout = panelLayout(req.recipe)
  const twice = duplicateColumn(layout.columns)
  if (twice)
    throw at1(`the column "${twice}" is given two roles in the recipe: give each role its own column`)

  const agg = await aggregateLog(source, file, req.recipe, opts)
  if (db.inTransaction) throw new Error('another write is in progress')
  db.exec('BEGIN IMMEDIATE')
  let committed = false
  try {
    if (existing) db.exec(`DROP TABLE IF EXISTS ${quoteIdent(existing.table)}`)
    db.exec(
      `CREATE TABLE ${quoteIdent(table)} (${layout.columns.map((c) => `${quoteIdent(c.name)} ${c.type === 'number' ? 'REAL' : 'TEXT'}`).join(', ')})`
    )
    const insert = new BatchInsert(
      db,
      table,
      layout.columns.map((c) => c.name),
      (_line, e) => {
        throw e
      }
    )
    const periods = new Set<number>()
    const items = new Set<number>()
    let rows = 0
    for (const c of agg.groupBy.eachSortedCell()) {
      const m = cellMeasures(c, req.recipe)
      layout.columns.forEach((col, k) => insert.set(k, col.value(c, m)))
      insert.commitRow(++rows)
      periods.add(c.day)
      items.add(c.itemOrder)
    }
    insert.flush()
    db.prepare(
      `INSERT INTO datasets (name, table_name, source_file, imported_at, row_count, columns_json, roles_json, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET table_name = excluded.table_name, source_file = excluded.source_file,
         imported_at = excluded.imported_at, row_count = excluded.row_count, columns_json = excluded.columns_json,
         roles_json = excluded.roles_json, version = datasets.version + 1`
    ).run(
      req.name,
      table,
      file,
      new Date(now()).toISOString(),
      rows,
      saveJson(
        COLUMNS_FORMAT,
        layout.columns.map((c) => ({ name: c.name, type: c.type }))
      ),
      saveJson(ROLES_FORMAT, layout.roles),
      existing ? existing.version + 1 : 1
    )
    saveImportNotes(db, req.name, file, null)
    saveRecipe(db, req.name, {
      source_file: file,
      recipe: req.recipe,
      read: {
        ...(agg.format === 'csv' ? { delimiter: agg.delimiter } : {}),
        ...(opts.encoding ? { encoding: opts.encoding } : {}),
        ...(agg.sheet ? { sheet: agg.sheet } : {})
      },
      lines: agg.lines,
      rows,
      built_at: new Date(now()).toISOString()
    })
    db.exec('COMMIT')
    committed = true
    const ms = Math.max(1, now() - t0)
    return {
      table,
      dataset: req.name,
      rows,
      lines: agg.lines,
      items: items.size,
      periods: periods.size,
      bytes: agg.bytes,
      ms,
      lines_per_second: Math.round((agg.lines / ms) * 1000),
      read_threads: agg.threads
    }
  } finally {
    if (!committed && db.inTransaction) db.exec('ROLLBACK')
  }
}
