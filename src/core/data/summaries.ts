import { quoteIdent, type Db } from '../db/port'
import { knownTable } from './tables'
import type { ColumnType } from '../../shared/data'
import type { ColumnSummary, TableSummary } from '../../shared/data/results'
import { fixed, significant } from '../../shared/format/numbers'

export const SUMMARY_SAMPLE_ROWS = 200_000
const BINS = 20

/** Per-column statistics and a histogram, in SQL; tables above 200,000 rows are summarized on a sample. */
export function summarizeTable(db: Db, table: string): TableSummary {
  const t = knownTable(db, table)
  const from = quoteIdent(t.name)
  const total = (db.prepare<{ n: number }>(`SELECT count(*) AS n FROM ${from}`).get() as { n: number }).n
  const sampled = total > SUMMARY_SAMPLE_ROWS ? SUMMARY_SAMPLE_ROWS : null
  const src = sampled ? `(SELECT * FROM ${from} LIMIT ${SUMMARY_SAMPLE_ROWS})` : from
  const columns = t.columns.map((c) => summarizeColumn(db, src, c.name, c.type))
  return { table: t.name, rows: total, sampled, columns }
}

interface BaseStats {
  n: number
  c: number
  d: number
  mn: number | string | null
  mx: number | string | null
  mean: number | null
  m2: number | null
}

function summarizeColumn(db: Db, src: string, name: string, type: ColumnType): ColumnSummary {
  const col = quoteIdent(name)
  const numeric = type === 'integer' || type === 'number'
  const base = db
    .prepare<BaseStats>(
      `SELECT count(*) AS n, count(${col}) AS c, count(DISTINCT ${col}) AS d, min(${col}) AS mn, max(${col}) AS mx,
        ${numeric ? `avg(${col})` : 'NULL'} AS mean, ${numeric ? `avg(${col} * ${col})` : 'NULL'} AS m2 FROM ${src}`
    )
    .get() as BaseStats
  const sd =
    numeric && base.mean !== null && base.m2 !== null && base.c > 1
      ? Math.sqrt(Math.max(0, ((base.m2 - base.mean * base.mean) * base.c) / (base.c - 1)))
      : null
  const summary: ColumnSummary = {
    name,
    type,
    count: base.c,
    missing: base.n - base.c,
    distinct: base.d,
    min: base.mn,
    max: base.mx,
    mean: base.mean,
    sd,
    histogram: [],
    top: []
  }
  if (numeric && typeof base.mn === 'number' && typeof base.mx === 'number') {
    const lo = base.mn
    const hi = base.mx
    const integer = type === 'integer'
    const bins = integer && hi - lo + 1 <= BINS ? hi - lo + 1 : BINS
    const width = hi > lo ? (integer && bins === hi - lo + 1 ? 1 : (hi - lo) / bins) : 1
    const counts = new Array<number>(bins).fill(0)
    for (const r of db
      .prepare<{ b: number; n: number }>(
        `SELECT min(CAST((${col} - ?) / ? AS INTEGER), ${bins - 1}) AS b, count(*) AS n FROM ${src} WHERE ${col} IS NOT NULL GROUP BY 1`
      )
      .all(lo, width))
      counts[r.b] = r.n
    summary.histogram = counts.map((n, i) => {
      const from = lo + i * width
      const to = integer && width === 1 ? from : lo + (i + 1) * width
      return { label: integer && width === 1 ? String(from) : `${fmt(from)}–${fmt(to)}`, from, to, count: n }
    })
  } else if (type === 'date') {
    summary.histogram = db
      .prepare<{ m: string; n: number }>(
        `SELECT substr(${col}, 1, 7) AS m, count(*) AS n FROM ${src} WHERE ${col} IS NOT NULL GROUP BY 1 ORDER BY 1`
      )
      .all()
      .map((r) => ({ label: r.m, from: r.m, to: r.m, count: r.n }))
  } else {
    summary.top = db
      .prepare<{ v: string; n: number }>(
        `SELECT CAST(${col} AS TEXT) AS v, count(*) AS n FROM ${src} WHERE ${col} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`
      )
      .all()
      .map((r) => ({ value: r.v, count: r.n }))
  }
  return summary
}

function fmt(x: number): string {
  if (Number.isInteger(x)) return String(x)
  return Math.abs(x) >= 100 ? fixed(x, 0) : Math.abs(x) >= 1 ? fixed(x, 1) : significant(x, 2)
}
