import { quoteIdent, type Db } from '../db/port'
import { shuffledIndices } from '../util/rng'
import type { SqlValue } from '../../shared/data/results'

/**
 * Which whole items a --max-rows sample keeps. Items are taken in a seeded random order while the
 * rows stay within maxRows, but first one item of every level of each category column (the segment,
 * a text control), rarest level first: a sample that missed a brand would train a model with no
 * column for it, and pricing the full catalog on that model could only refuse or misprice. The
 * same seed keeps the same items; the cost is one DISTINCT read per category column.
 */
export function sampleItems(
  db: Db,
  table: string,
  item: string,
  categories: string[],
  maxRows: number,
  seed: number
): { keep: Set<string>; rows: number; ofItems: number } {
  const names: string[] = []
  const sizes: number[] = []
  const index = new Map<string, number>()
  const q = quoteIdent(item)
  const counts = db.prepare(`SELECT ${q} AS item, count(*) AS n FROM ${quoteIdent(table)} GROUP BY 1`).raw()
  for (const [v, n] of counts as IterableIterator<SqlValue[]>) {
    index.set(String(v), names.length)
    names.push(String(v))
    sizes.push(Number(n))
  }
  const order = shuffledIndices(names.length, seed)
  const rank = new Int32Array(names.length)
  order.forEach((k, r) => (rank[k] = r))
  const kept = new Uint8Array(names.length)
  let rows = 0
  const take = (k: number) => {
    kept[k] = 1
    rows += sizes[k]
  }
  for (const col of categories)
    for (const its of levelItems(db, table, item, col, index)) {
      if (its.some((k) => kept[k] === 1)) continue
      // The level's first item in the seeded order that still fits.
      const fits = its.filter((k) => rows + sizes[k] <= maxRows).sort((a, b) => rank[a] - rank[b])
      if (fits.length) take(fits[0])
    }
  for (const k of order) if (!kept[k] && rows + sizes[k] <= maxRows) take(k)
  const keep = new Set(names.filter((_, k) => kept[k] === 1))
  return { keep, rows, ofItems: names.length }
}

/** Each level's items (indices), rarest level first (ties by name), so scarce levels are covered first. */
function levelItems(
  db: Db,
  table: string,
  item: string,
  col: string,
  index: Map<string, number>
): number[][] {
  const byLevel = new Map<string, number[]>()
  const sql = `SELECT DISTINCT ${quoteIdent(col)}, ${quoteIdent(item)} FROM ${quoteIdent(table)} WHERE ${quoteIdent(col)} IS NOT NULL`
  for (const [level, it] of db.prepare(sql).raw() as IterableIterator<SqlValue[]>) {
    const k = index.get(String(it))
    if (k === undefined) continue
    const key = String(level)
    const list = byLevel.get(key)
    if (list) list.push(k)
    else byLevel.set(key, [k])
  }
  return [...byLevel.entries()]
    .sort((a, b) => a[1].length - b[1].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, its]) => its)
}
