import { quoteIdent, type Db } from '../db/port'
import { DomainError } from '../../shared/domain-error'
import { listDatasets } from './datasets'
import { tableColumns } from './import/table-columns'
import { cachedRowCount, fileStamp } from './row-counts'
import { SEED_TABLES } from '../../shared/data'
import type { RowFilter } from '../../shared/data/calls'
import type { RowPage, SqlValue, TableInfo } from '../../shared/data/results'

/** The last listing per connection and the file's stamp it was made at. */
const listed = new WeakMap<Db, { stamp: string; tables: TableInfo[] }>()

/**
 * The project's tables with their row counts and columns. Listed again only when the file changed: an
 * unchanged file answers with one prepared statement (the listing compiled ~25 statements a call, 6 ms).
 * The answer is shared between calls: read it, never change it.
 */
export function listTables(db: Db): TableInfo[] {
  const stamp = fileStamp(db)
  const hit = listed.get(db)
  if (hit?.stamp === stamp) return hit.tables
  const tables = listAll(db, stamp)
  listed.set(db, { stamp, tables })
  return tables
}

function listAll(db: Db, stamp: string): TableInfo[] {
  const seed: TableInfo[] = SEED_TABLES.map((name) => ({
    name,
    kind: 'seed',
    dataset: null,
    rows: cachedRowCount(db, name, stamp),
    columns: tableColumns(db, name).map(({ name: n, type }) => ({ name: n, type }))
  }))
  const ds: TableInfo[] = listDatasets(db).map((d) => ({
    name: d.table,
    kind: 'dataset',
    dataset: d.name,
    rows: cachedRowCount(db, d.table, stamp),
    columns: d.columns
  }))
  return [...seed, ...ds]
}

/** Resolves a user-given table name to a known table, or throws: only project tables are ever queried. */
export function knownTable(db: Db, name: string): TableInfo {
  const seed = (SEED_TABLES as readonly string[]).includes(name)
  if (seed)
    return {
      name,
      kind: 'seed',
      dataset: null,
      rows: -1,
      columns: tableColumns(db, name).map(({ name: n, type }) => ({ name: n, type }))
    }
  const d = listDatasets(db).find((x) => x.table === name || x.name === name)
  if (!d) {
    const message = `unknown table "${name}" (expected one of: ${[...SEED_TABLES, ...listDatasets(db).map((x) => x.table)].join(', ')})`
    throw new DomainError('not_found', message, [{ path: ['table'], message }])
  }
  return { name: d.table, kind: 'dataset', dataset: d.name, rows: d.rows, columns: d.columns }
}

export type FilterOp = RowFilter['op']
export interface RowQuery {
  table: string
  offset: number
  limit: number
  sort?: { column: string; direction: 'asc' | 'desc' }
  filters?: RowFilter[]
}
const OPS: Record<Exclude<FilterOp, 'contains' | 'empty' | 'notEmpty'>, string> = {
  eq: '=',
  ne: '!=',
  lt: '<',
  le: '<=',
  gt: '>',
  ge: '>='
}

/**
 * One page of a table, sorted and filtered in SQL: the renderer never holds more than what it shows.
 * `onCounted` marks the end of the first of the two scans (the count), for progress.
 */
export function queryRows(db: Db, q: RowQuery, onCounted?: () => void): RowPage {
  const t = knownTable(db, q.table)
  const colType = new Map(t.columns.map((c) => [c.name, c.type]))
  const check = (c: string) => {
    if (!colType.has(c)) throw new Error(`unknown column "${c}" in ${t.name}`)
    return quoteIdent(c)
  }
  const where: string[] = []
  const params: SqlValue[] = []
  for (const f of q.filters ?? []) {
    const col = check(f.column)
    if (f.op === 'empty') where.push(`${col} IS NULL`)
    else if (f.op === 'notEmpty') where.push(`${col} IS NOT NULL`)
    else if (f.op === 'contains') {
      where.push(`CAST(${col} AS TEXT) LIKE ? ESCAPE '\\'`)
      params.push(`%${String(f.value ?? '').replace(/[\\%_]/g, (m) => `\\${m}`)}%`)
    } else {
      const numeric = colType.get(f.column) === 'integer' || colType.get(f.column) === 'number'
      const v =
        numeric && f.value !== undefined && f.value !== '' && !Number.isNaN(Number(f.value))
          ? Number(f.value)
          : (f.value ?? null)
      where.push(`${col} ${OPS[f.op]} ?`)
      params.push(v)
    }
  }
  const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : ''
  const from = quoteIdent(t.name)
  const total = (
    db.prepare<{ n: number }>(`SELECT count(*) AS n FROM ${from}${whereSql}`).get(...params) as { n: number }
  ).n
  onCounted?.()
  const order = q.sort
    ? ` ORDER BY ${check(q.sort.column)} ${q.sort.direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`
    : ''
  const limit = Math.max(0, Math.min(5000, Math.floor(q.limit)))
  const offset = Math.max(0, Math.floor(q.offset))
  const rows = [
    ...db
      .prepare(
        `SELECT ${t.columns.map((c) => quoteIdent(c.name)).join(', ')} FROM ${from}${whereSql}${order} LIMIT ? OFFSET ?`
      )
      .raw(...params, limit, offset)
  ]
  return { columns: t.columns, rows, total, offset }
}
