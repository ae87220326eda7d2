import { Rng } from '../util/rng'
import type { Panel } from './panel'

/** Rows grouped by item: no item is ever on both sides of a split, so a model cannot memorize an item. */
function shuffledItems(panel: Panel, seed: number): Int32Array {
  const nItems = panel.itemIds.length
  const order = Int32Array.from({ length: nItems }, (_, i) => i)
  const rng = new Rng(seed)
  for (let i = nItems - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const t = order[i]
    order[i] = order[j]
    order[j] = t
  }
  return order
}

function rowsWhere(panel: Panel, keep: (item: number) => boolean, within?: Uint32Array): Uint32Array {
  const src = within ?? Uint32Array.from({ length: panel.n }, (_, i) => i)
  return src.filter((i) => keep(panel.item[i]))
}

export interface Split {
  train: Uint32Array
  test: Uint32Array
}

/** Train/test split by item (test ≈ testShare of the items). */
export function splitByItem(panel: Panel, testShare: number, seed: number): Split {
  const order = shuffledItems(panel, seed)
  const testItems = new Set(order.subarray(0, Math.max(1, Math.round(order.length * testShare))))
  return {
    train: rowsWhere(panel, (it) => !testItems.has(it)),
    test: rowsWhere(panel, (it) => testItems.has(it))
  }
}

/** k folds of the given rows by item; the same folds are used for every model. */
export function itemFolds(panel: Panel, rows: Uint32Array, k: number, seed: number): Split[] {
  const order = shuffledItems(panel, seed + 1)
  const foldOf = new Int32Array(panel.itemIds.length)
  order.forEach((item, pos) => (foldOf[item] = pos % k))
  return Array.from({ length: k }, (_, f) => ({
    train: rowsWhere(panel, (it) => foldOf[it] !== f, rows),
    test: rowsWhere(panel, (it) => foldOf[it] === f, rows)
  }))
}
