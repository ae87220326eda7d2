import { quoteIdent, type Db } from '../../db/port'
import { saveJson } from '../../db/saved-json'
import { COLUMNS_FORMAT, ROLES_FORMAT } from '../formats'
import { isSeedTable } from '../../db/schema'
import { CancelledError, CsvImportError } from '../csv/errors'
import type { CsvIssue } from '../../../shared/errors'
import type { ByteSource } from '../csv/reader'
import { readRecords, type WorkbookParser } from './records'
import { convertValue } from '../csv/types'
import { unescapeFormula } from '../csv/writer'
import { datasetTableName, datasetToReplace, findDataset, validateDatasetName } from '../datasets'
import { headerIssues } from './preview'
import { DatasetExistsError, MAX_ISSUES, type ImportProgress } from './plan'
import { tableColumns, tableExists } from './table-columns'
import { BatchInsert } from './batch-insert'
import { fastConverter, SLOW, type Fast } from './fast-convert'
import { NegativeQuantityTracker, saveImportNotes } from './import-notes'
import { deleteRecipe } from './aggregate/recipe-store'
import { EconomicCheck } from './economic-rows'
import { DateSpread, MagnitudeCheck } from './plausible-values'
import { TextPeriodCheck } from './text-period'
import { type ColumnType, type DecimalSeparator } from '../../../shared/data'
import type { ImportColumn, ImportPlan } from '../../../shared/data/calls'
import type { ImportResult } from '../../../shared/data/results'
import type { DatasetRoles } from '../../../shared/data/roles'

const SQL_TYPE: Record<ColumnType, string> = {
  integer: 'INTEGER',
  number: 'REAL',
  date: 'TEXT',
  text: 'TEXT'
}

export interface ImportOptions {
  signal?: { aborted: boolean }
  totalBytes?: number
  onProgress?: (p: ImportProgress) => void
  /** Injected clock so the core stays host-free; defaults to Date.now. */
  now?: () => number
  /** How a workbook is parsed (the backend: in a worker with a memory cap and a time limit). */
  workbook?: WorkbookParser
  maxUnpackedBytes?: number
}

/**
 * Streams a CSV file into the project in ONE transaction: every row is checked as
 * it is read, and on the first problem (or a cancel) the transaction is rolled
 * back, so the project holds either the whole file or nothing of it. Up to
 * MAX_ISSUES problems are collected (reading goes on, writing stops) so the
 * analyst can fix the file in one pass.
 */
export async function importCsv(
  db: Db,
  source: ByteSource,
  file: string,
  plan: ImportPlan,
  opts: ImportOptions = {}
): Promise<ImportResult> {
  const now = opts.now ?? Date.now
  const t0 = now()
  const issues: CsvIssue[] = []
  const fail = (i: Omit<CsvIssue, 'file'>) => {
    if (issues.length < MAX_ISSUES) issues.push({ file, ...i })
  }
  const target = plan.target
  if (target.kind === 'dataset') {
    const err = validateDatasetName(target.name)
    if (err) throw new CsvImportError([{ file, line: 1, column: 1, message: err }])
    if (!target.replace && findDataset(db, target.name)) throw new DatasetExistsError(target.name)
  } else if (!isSeedTable(target.table)) {
    throw new CsvImportError([{ file, line: 1, column: 1, message: `unknown table "${target.table}"` }])
  }
  if (db.inTransaction) throw new Error('another write is in progress')

  db.exec('BEGIN IMMEDIATE')
  let committed = false
  try {
    let columns: ResolvedColumn[] | null = null
    let batch: BatchInsert | null = null
    /** A problem of a row: rows read before it are inserted first, so a constraint they break is reported in line order. */
    const rowFail = (i: Omit<CsvIssue, 'file'>) => {
      batch?.flush()
      fail(i)
    }
    let tableName = ''
    let rows = 0
    let fieldCount = 0
    const decimal: DecimalSeparator = plan.decimal ?? '.'
    const unescape = plan.unescapeFormulas ?? true
    /** A role's column typed text (price, quantity…): reported at the first data row; none means no data. */
    let roleType: Omit<CsvIssue, 'file'> | null = null
    /** A period column imported as text: every value is checked for a date PriceLab would misread. */
    let periodAsText: TextPeriodCheck | null = null
    /** The quantity role's column index in `columns`, and the file lines of its negative values. */
    let quantityAt = -1
    const negatives =
      target.kind === 'dataset' && target.roles.quantity
        ? new NegativeQuantityTracker(target.roles.quantity)
        : null
    /** Rows no market produces (price ≤ 0, cost above price): counted with their lines and reported. */
    let economic = new EconomicCheck(null, null)
    /** Numbers beyond any price or quantity, and dates far from their column's others (plausible-values.ts). */
    let magnitudes = new MagnitudeCheck([])
    let dateSpreads: DateSpread[] = []

    const read = await readRecords(
      source,
      {
        file,
        delimiter: plan.delimiter,
        encoding: plan.encoding,
        sheet: plan.sheet,
        signal: opts.signal,
        workbook: opts.workbook,
        maxUnpackedBytes: opts.maxUnpackedBytes,
        onBytes: (bytes) => opts.onProgress?.({ bytes, totalBytes: opts.totalBytes, rows })
      },
      (fields, line) => {
        if (!columns) {
          fieldCount = fields.length
          const hi = headerIssues(file, fields)
          if (hi.length) {
            hi.forEach((i) => fail(i))
            return false
          }
          const resolved = resolveColumns(db, file, fields, plan, fail, (i) => (roleType = i))
          if (!resolved) return false
          columns = resolved.columns
          tableName = resolved.table
          batch = new BatchInsert(
            db,
            resolved.table,
            resolved.columns.map((c) => c.target),
            (line, e) => fail({ line, column: 1, message: constraintMessage(db, resolved.table, e) })
          )
          periodAsText = textPeriod(target, resolved.columns)
          if (negatives) {
            quantityAt = resolved.columns.findIndex((c) => c.target === negatives.column)
            if (quantityAt >= 0) negatives.position = resolved.columns[quantityAt].index + 1
          }
          economic = economicCheck(target, resolved.columns)
          magnitudes = MagnitudeCheck.of(resolved.columns, target.kind === 'dataset' ? target.roles : null)
          dateSpreads = resolved.columns.flatMap((c, at) =>
            c.type === 'date' ? [new DateSpread(at, c.source, c.index)] : []
          )
          return
        }
        if (roleType) {
          fail(roleType)
          roleType = null
        }
        ;(periodAsText as TextPeriodCheck | null)?.see(fields, line)
        if (fields.length !== fieldCount) {
          rowFail({
            line,
            column: Math.min(fields.length, fieldCount) + 1,
            message: `expected ${fieldCount} fields, found ${fields.length} (a ragged row: check for a missing or extra delimiter)`
          })
          return issues.length < MAX_ISSUES
        }
        const out = batch as BatchInsert
        let bad = false
        for (let k = 0; k < columns.length; k++) {
          const col = columns[k]
          const raw = fields[col.index]
          let v: Fast = col.fast(raw)
          if (v === SLOW) {
            const conv = convertValue(raw, col.type, decimal, col.dateFormat)
            if (!conv.ok) {
              bad = true
              rowFail({
                line,
                column: col.index + 1,
                columnName: col.source,
                message: `expected ${conv.expected}, found ${JSON.stringify(raw)}`,
                expected: conv.expected,
                found: raw
              })
              continue
            }
            v = conv.value
          }
          if (v === null && col.required) {
            bad = true
            rowFail({
              line,
              column: col.index + 1,
              columnName: col.source,
              message: `missing value (column "${col.target}" is required)`
            })
            continue
          }
          if (unescape && typeof v === 'string' && v.charCodeAt(0) === 39) v = unescapeFormula(v)
          out.set(k, v)
          if (k === quantityAt) negatives?.see(v, line)
          economic.see(k, v)
        }
        if (!bad) {
          const implausible = magnitudes.row((k) => out.get(k), line)
          if (implausible) {
            bad = true
            rowFail(implausible)
          }
        }
        if (!bad) {
          economic.endRow(line)
          for (const d of dateSpreads) d.see(out.get(d.at), line)
        }
        if (!bad && issues.length === 0) out.commitRow(line)
        rows++
        return issues.length < MAX_ISSUES
      }
    )
    if (opts.signal?.aborted) throw new CancelledError('import')
    ;(batch as BatchInsert | null)?.flush()
    if (issues.length === 0) for (const d of dateSpreads) d.issues().forEach((i) => fail(i))
    const textDates = (periodAsText as TextPeriodCheck | null)?.issue()
    if (textDates && issues.length === 0) fail(textDates)
    if (roleType && rows === 0)
      // The roles' types were read from no value at all: the file's lack of data is what to fix.
      fail({
        line: 1,
        column: 1,
        message: `the file has column names on line 1 but no data rows below them: nothing to import (was it cut off, or saved from an empty sheet or filter?)`
      })
    if (!columns && issues.length === 0)
      fail({ line: 1, column: 1, message: 'the file has no header row (expected column names on line 1)' })
    if (issues.length) throw new CsvImportError(issues)
    const cols = columns as ResolvedColumn[] | null
    if (target.kind === 'dataset' && cols) {
      const previous = datasetToReplace(db, target.name)
      db.prepare(
        `INSERT INTO datasets (name, table_name, source_file, imported_at, row_count, columns_json, roles_json, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET table_name = excluded.table_name, source_file = excluded.source_file, imported_at = excluded.imported_at,
           row_count = excluded.row_count, columns_json = excluded.columns_json, roles_json = excluded.roles_json,
           version = datasets.version + 1`
      ).run(
        target.name,
        tableName,
        file,
        new Date(now()).toISOString(),
        rows,
        saveJson(
          COLUMNS_FORMAT,
          cols.map((c) => ({ name: c.target, type: c.type }))
        ),
        saveJson(ROLES_FORMAT, target.roles),
        previous ? previous.version + 1 : 1
      )
      saveImportNotes(db, target.name, file, negatives)
      // A dataset imported as it is was not built from a log: a recipe of an earlier build no longer applies.
      deleteRecipe(db, target.name)
    }
    db.exec('COMMIT')
    committed = true
    const ms = Math.max(1, now() - t0)
    return {
      table: tableName,
      dataset: target.kind === 'dataset' ? target.name : null,
      rows,
      bytes: read.bytes,
      ms,
      rowsPerSecond: Math.round((rows / ms) * 1000),
      impossible: economic.result()
    }
  } finally {
    if (!committed && db.inTransaction) db.exec('ROLLBACK')
  }
}

/** The price and cost roles' positions among the inserted columns (a dataset with a price only). */
function economicCheck(target: ImportPlan['target'], columns: ResolvedColumn[]): EconomicCheck {
  if (target.kind !== 'dataset') return new EconomicCheck(null, null)
  const at = (name: string | undefined) => {
    const k = name ? columns.findIndex((c) => c.target === name) : -1
    return k < 0 ? null : k
  }
  return new EconomicCheck(at(target.roles.price), at(target.roles.cost))
}

function textPeriod(target: ImportPlan['target'], columns: ResolvedColumn[]): TextPeriodCheck | null {
  if (target.kind !== 'dataset' || !target.roles.period) return null
  const k = columns.findIndex((x) => x.target === target.roles.period)
  if (k < 0 || columns[k].type !== 'text') return null
  return new TextPeriodCheck(columns[k].target, columns[k].source, columns[k].index)
}

interface ResolvedColumn extends ImportColumn {
  index: number
  required: boolean
  /** The allocation-free converter for well-formed values (fast-convert.ts); SLOW → convertValue. */
  fast: (raw: string) => Fast
}

/** Matches the header to the target (a new dataset table, or a seed table's columns) and prepares the insert. */
function resolveColumns(
  db: Db,
  file: string,
  header: string[],
  plan: ImportPlan,
  fail: (i: Omit<CsvIssue, 'file'>) => void,
  /** A role's column of the wrong type: told at the first data row (a file with none says so instead). */
  failType: (i: Omit<CsvIssue, 'file'>) => void
): { columns: ResolvedColumn[]; table: string } | null {
  const byName = new Map(header.map((h, i) => [h.trim().toLowerCase(), i]))
  const target = plan.target
  const columns: Omit<ResolvedColumn, 'fast'>[] = []
  let table: string

  if (target.kind === 'table') {
    table = target.table
    const tcols = tableColumns(db, table)
    const known = new Set(tcols.map((c) => c.name))
    // Without an explicit mapping every header must name a column of the table: nothing is dropped silently.
    header.forEach((h, i) => {
      if (!plan.columns && !known.has(h.trim().toLowerCase()))
        fail({
          line: 1,
          column: i + 1,
          columnName: h,
          message: `column "${h}" is not in table ${table} (expected one of: ${tcols.map((c) => c.name).join(', ')})`
        })
    })
    for (const c of tcols) {
      const mapped = plan.columns?.find((p) => p.target === c.name)
      const idx = mapped ? byName.get(mapped.source.trim().toLowerCase()) : byName.get(c.name)
      if (idx === undefined) {
        if (c.required)
          fail({
            line: 1,
            column: header.length + 1,
            columnName: c.name,
            message: `missing required column "${c.name}" for table ${table}`
          })
        continue
      }
      columns.push({ source: header[idx], target: c.name, type: c.type, index: idx, required: c.required })
    }
    if (target.mode === 'replace') {
      try {
        db.exec(`DELETE FROM ${quoteIdent(table)}`)
      } catch (e) {
        fail({
          line: 1,
          column: 1,
          message: `cannot replace the rows of ${table}: ${(e as Error).message} (other tables refer to them; import with mode "append" or replace those first)`
        })
      }
    }
  } else {
    table = datasetTableName(target.name)
    const selected =
      plan.columns ?? header.map((h) => ({ source: h, target: h.trim(), type: 'text' as ColumnType }))
    const seenTargets = new Set<string>()
    for (const c of selected) {
      const idx = byName.get(c.source.trim().toLowerCase())
      if (idx === undefined) {
        fail({
          line: 1,
          column: header.length + 1,
          columnName: c.source,
          message: `missing column "${c.source}" (the import plan expects it)`
        })
        continue
      }
      const key = c.target.toLowerCase()
      if (!c.target.trim() || seenTargets.has(key)) {
        fail({
          line: 1,
          column: idx + 1,
          columnName: c.source,
          message: `target column name "${c.target}" is empty or used twice`
        })
        continue
      }
      seenTargets.add(key)
      columns.push({ ...c, index: idx, required: false })
    }
    const roleIssue = checkRoles(target.roles, columns)
    if (roleIssue) (roleIssue.type ? failType : fail)({ line: 1, column: 1, message: roleIssue.message })
    // Read even when damaged: replacing a dataset is how a damaged one is repaired.
    const existing = datasetToReplace(db, target.name)
    if (existing && !target.replace)
      fail({
        line: 1,
        column: 1,
        message: `a dataset named "${target.name}" already exists (choose another name or replace it)`
      })
    else if (!existing && tableExists(db, table))
      fail({ line: 1, column: 1, message: `table ${table} already exists; choose another dataset name` })
    if (columns.length === 0) fail({ line: 1, column: 1, message: 'no columns selected to import' })
    if (!columns.length || (existing && !target.replace)) return null
    if (existing?.table) db.exec(`DROP TABLE IF EXISTS ${quoteIdent(existing.table)}`)
    // A damaged record may have lost the name of its table: its own (ds_<name>) is replaced too, unless another dataset's.
    if (existing && existing.table !== table && !tableOwner(db, table, target.name))
      db.exec(`DROP TABLE IF EXISTS ${quoteIdent(table)}`)
    db.exec(
      `CREATE TABLE ${quoteIdent(table)} (${columns.map((c) => `${quoteIdent(c.target)} ${SQL_TYPE[c.type]}`).join(', ')})`
    )
  }
  if (columns.length === 0) return null
  const decimal = plan.decimal ?? '.'
  const resolved = columns
    .sort((a, b) => a.index - b.index)
    .map((c) => ({ ...c, fast: fastConverter(c.type, decimal, c.dateFormat) }))
  return { columns: resolved, table }
}

/** Price and quantity roles must point at numeric columns; every role at an imported column. */
/** Whether another dataset than `name` records `table` as its own. */
function tableOwner(db: Db, table: string, name: string): boolean {
  return !!db.prepare('SELECT 1 FROM datasets WHERE table_name = ? AND name != ?').get(table, name)
}

function checkRoles(roles: DatasetRoles, columns: ImportColumn[]): { message: string; type: boolean } | null {
  const byTarget = new Map(columns.map((c) => [c.target, c]))
  const single: [string, string | undefined][] = [
    ['item', roles.item],
    ['period', roles.period],
    ['price', roles.price],
    ['quantity', roles.quantity],
    ['cost', roles.cost],
    ['competitor', roles.competitor]
  ]
  for (const [role, col] of single) {
    if (col === undefined) continue
    const c = byTarget.get(col)
    if (!c) return { message: `the ${role} role names column "${col}", which is not imported`, type: false }
    if (
      (role === 'price' || role === 'quantity' || role === 'cost' || role === 'competitor') &&
      c.type !== 'number' &&
      c.type !== 'integer'
    )
      return { message: `the ${role} column "${col}" must be numeric (it is ${c.type})`, type: true }
  }
  for (const col of [...(roles.segments ?? []), ...(roles.features ?? [])])
    if (!byTarget.has(col)) return { message: `role column "${col}" is not imported`, type: false }
  return null
}

function constraintMessage(db: Db, table: string, e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e)
  if (/FOREIGN KEY/i.test(msg)) {
    const fks = db
      .prepare<{ from: string; table: string }>(`SELECT "from", "table" FROM pragma_foreign_key_list(?)`)
      .all(table)
      .map((f) => `${f.from} → ${f.table}`)
    return `a referenced row does not exist (${fks.join(', ')}); import the referenced table first`
  }
  if (/UNIQUE|PRIMARY KEY/i.test(msg))
    return `duplicate key: ${msg.replace(/^.*constraint failed: /i, '')} already exists`
  if (/CHECK/i.test(msg)) return `value out of range: ${msg}`
  return msg
}
