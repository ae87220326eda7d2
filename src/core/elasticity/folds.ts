import { shuffledIndices } from '../util/rng'
import type { Panel } from './panel'

/** Rows grouped by item: no item is ever on both sides of a split, so a model cannot memorize an item. */
function shuffledItems(panel: Panel, seed: number): Int32Array {
  return shuffledIndices(panel.itemIds.length, seed)
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

/** How models are validated: the last periods of every item (forecasting known items) or whole held-out items (new items). */
export type Validation = 'time' | 'items'

/** Periods spanned by the panel, or 0 when it has no period column. */
export function periodCount(panel: Panel): number {
  if (!panel.period) return 0
  let max = -1
  for (let i = 0; i < panel.n; i++) max = Math.max(max, panel.period[i])
  return max + 1
}

/** The time holdout needs a period column and a few periods: otherwise only whole items can be held out. */
export function defaultValidation(panel: Panel): Validation {
  return periodCount(panel) >= 6 ? 'time' : 'items'
}

/**
 * Time holdout: the last testShare of the periods (at least one) are the test set for every
 * item, the earlier ones train. This is the question a price change asks of a model: what
 * will these items sell next, at a price they have not had.
 */
export function splitByTime(panel: Panel, testShare: number): Split {
  const T = periodCount(panel)
  const cut = T - Math.max(1, Math.round(T * testShare))
  const period = panel.period as Int32Array
  const all = Uint32Array.from({ length: panel.n }, (_, i) => i)
  return { train: all.filter((i) => period[i] < cut), test: all.filter((i) => period[i] >= cut) }
}

/** k folds in contiguous blocks of time (blocked cross-validation): each fold tests on one block of periods. */
export function timeFolds(panel: Panel, rows: Uint32Array, k: number): Split[] {
  const period = panel.period as Int32Array
  let lo = Infinity
  let hi = -Infinity
  for (const i of rows) {
    lo = Math.min(lo, period[i])
    hi = Math.max(hi, period[i])
  }
  const span = hi - lo + 1
  const block = (i: number) => Math.min(k - 1, Math.floor(((period[i] - lo) * k) / span))
  return Array.from({ length: k }, (_, f) => ({
    train: rows.filter((i) => block(i) !== f),
    test: rows.filter((i) => block(i) === f)
  }))
}
