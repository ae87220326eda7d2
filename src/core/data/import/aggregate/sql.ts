import { WEEKDAYS, type TransactionRecipe } from '../../../../shared/transactions'
import { panelLayout } from './panel-columns'

const q = (name: string) => `"${name.replace(/"/g, '""')}"`
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`

/** DuckDB's reader for the file (Parquet or delimited text); a warehouse table name is used as it is. */
function fromClause(source: string): string {
  if (/\.parquet$/i.test(source)) return `read_parquet(${lit(source)})`
  if (/\.(csv|tsv|txt)(\.gz)?$/i.test(source)) return `read_csv(${lit(source)}, header = true)`
  return source
}

/** The bucket's first day, in ANSI SQL that DuckDB also runs (EXTRACT(DOW): 0 = Sunday). */
function bucketSql(r: TransactionRecipe): string {
  const d = 'sale_day'
  if (r.bucket === 'day') return d
  if (r.bucket === 'month') return `CAST(DATE_TRUNC('month', ${d}) AS DATE)`
  const start = WEEKDAYS.indexOf(r.week_start)
  return `CAST(${d} - CAST(MOD(CAST(EXTRACT(DOW FROM ${d}) AS INTEGER) - ${start} + 7, 7) AS INTEGER) * INTERVAL '1' DAY AS DATE)`
}

/**
 * The same aggregation as the import, as one SQL statement (ANSI; DuckDB runs it as printed):
 * for a log that lives in a warehouse, the panel is built where the lines are and only the
 * panel travels. Net units sum every line; prices, list prices, costs and promotion shares
 * are weighted by the units of the sale lines (units ≥ 0). A row with a negative quantity is
 * an item × period whose returns could not be netted (the import refuses those lines).
 */
export function aggregationSql(r: TransactionRecipe, source: string): string {
  const layout = panelLayout(r)
  const sold = `CASE WHEN ${q(r.quantity)} >= 0 THEN ${q(r.quantity)} ELSE 0 END`
  const weighted = (col: string) =>
    `SUM(CASE WHEN ${q(r.quantity)} >= 0 THEN ${q(col)} * ${q(r.quantity)} END) / NULLIF(SUM(${sold}), 0)`
  const flag = (col: string) =>
    `CASE WHEN LOWER(TRIM(CAST(${q(col)} AS VARCHAR))) IN ('1', 'true', 'yes', 'y', 't') THEN 1 ELSE 0 END`
  const keys = r.item_by.map(q)
  const select: string[] = [...keys]
  if (r.item_by.length > 1) {
    const itemCol = layout.columns[r.item_by.length].name
    select.push(`${keys.map((k) => `CAST(${k} AS VARCHAR)`).join(` || '-' || `)} AS ${q(itemCol)}`)
  }
  const segments = (r.segments ?? []).filter((s) => !r.item_by.includes(s))
  for (const s of segments) select.push(`MIN(${q(s)}) AS ${q(s)}`)
  select.push(`${bucketSql(r)} AS ${q(r.time)}`)
  select.push(`SUM(${q(r.quantity)}) AS ${q(r.quantity)}`)
  const price = r.list_price ?? r.price
  select.push(`${weighted(price)} AS ${q(price)}`)
  for (const f of r.features ?? [])
    select.push(
      `SUM(CASE WHEN ${q(r.quantity)} >= 0 THEN ${flag(f)} * ${q(r.quantity)} ELSE 0 END) / NULLIF(SUM(${sold}), 0) AS ${q(f)}`
    )
  if (r.cost) select.push(`${weighted(r.cost)} AS ${q(r.cost)}`)
  const day = `CAST(${q(r.time)} AS DATE)`
  return [
    `-- PriceLab: transaction log → item × ${r.bucket} panel (recipe format 1)`,
    `-- period = the ${r.bucket}'s first day${r.bucket === 'week' ? ` (weeks start on ${r.week_start})` : ''}; quantity = net units; price = units-weighted average over sale lines`,
    `SELECT ${select.join(',\n       ')}`,
    `FROM (SELECT *, ${day} AS sale_day FROM ${fromClause(source)}) AS sales_lines`,
    `GROUP BY ${[...keys, bucketSql(r)].join(', ')}`,
    `ORDER BY ${[...keys, q(r.time)].join(', ')};`
  ].join('\n')
}
