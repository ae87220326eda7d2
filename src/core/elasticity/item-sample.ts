import { quoteIdent, type Db } from '../db/port'
import { shuffledIndices } from '../util/rng'
import type { SqlValue } from '../../shared/data/results'

/**
 * Which whole items a --max-rows sample keeps. Items are taken in a seeded random order while the
 * rows stay within maxRows, but first one item of every level of each category column (the segment,
 * a text control), rarest level first: a sample that missed a brand would train a model with no
 * column for it, and pricing the full catalog on that model could only refuse or misprice. The
 * same seed keeps the same items; items and levels come from one grouped read of the table.
 */
export function sampleItems(
  db: Db,
  table: string,
  item: string,
  categories: string[],
  maxRows: number,
  seed: number
): { keep: Set<string>; rows: number; ofItems: number } {
  const { names, sizes, levels } = itemsAndLevels(db, table, item, categories)
  const order = shuffledIndices(names.length, seed)
  const rank = new Int32Array(names.length)
  order.forEach((k, r) => (rank[k] = r))
  const kept = new Uint8Array(names.length)
  let rows = 0
  const take = (k: number) => {
    kept[k] = 1
    rows += sizes[k]
  }
  for (const byLevel of levels)
    for (const its of rarestFirst(byLevel)) {
      if (its.some((k) => kept[k] === 1)) continue
      // The level's first item in the seeded order that still fits.
      const fits = its.filter((k) => rows + sizes[k] <= maxRows).sort((a, b) => rank[a] - rank[b])
      if (fits.length) take(fits[0])
    }
  for (const k of order) if (!kept[k] && rows + sizes[k] <= maxRows) take(k)
  const keep = new Set(names.filter((_, k) => kept[k] === 1))
  return { keep, rows, ofItems: names.length }
}

/** Each item's row count, and per category column each level's items (indices), in one GROUP BY. */
function itemsAndLevels(db: Db, table: string, item: string, categories: string[]) {
  const names: string[] = []
  const sizes: number[] = []
  const index = new Map<string, number>()
  const levels = categories.map(() => new Map<string, Set<number>>())
  const cols = [item, ...categories].map(quoteIdent).join(', ')
  const by = categories.map((_, c) => c + 2)
  const sql = `SELECT ${cols}, count(*) FROM ${quoteIdent(table)} GROUP BY ${[1, ...by].join(', ')}`
  for (const row of db.prepare(sql).raw() as IterableIterator<SqlValue[]>) {
    const id = String(row[0])
    let k = index.get(id)
    if (k === undefined) {
      k = names.length
      index.set(id, k)
      names.push(id)
      sizes.push(0)
    }
    sizes[k] += Number(row[row.length - 1])
    categories.forEach((_, c) => {
      const v = row[c + 1]
      if (v === null) return
      const set = levels[c].get(String(v))
      if (set) set.add(k)
      else levels[c].set(String(v), new Set([k]))
    })
  }
  return { names, sizes, levels }
}

/** Each level's items, rarest level first (ties by name), so scarce levels are covered first. */
function rarestFirst(byLevel: Map<string, Set<number>>): number[][] {
  return [...byLevel.entries()]
    .sort((a, b) => a[1].size - b[1].size || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, its]) => [...its])
}
