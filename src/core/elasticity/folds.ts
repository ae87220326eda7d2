import { shuffledIndices } from '../util/rng'
import type { Panel } from './panel'
import type { Validation } from '../../shared/elasticity'

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

/** Each item's fold (0..k−1) in itemFolds: a function of the seed alone. */
export function itemFoldOf(panel: Panel, k: number, seed: number): Int32Array {
  const order = shuffledItems(panel, seed + 1)
  const foldOf = new Int32Array(panel.itemIds.length)
  order.forEach((item, pos) => (foldOf[item] = pos % k))
  return foldOf
}

/** k folds of the given rows by item; the same folds are used for every model. */
export function itemFolds(panel: Panel, rows: Uint32Array, k: number, seed: number): Split[] {
  const foldOf = itemFoldOf(panel, k, seed)
  return Array.from({ length: k }, (_, f) => ({
    train: rowsWhere(panel, (it) => foldOf[it] !== f, rows),
    test: rowsWhere(panel, (it) => foldOf[it] === f, rows)
  }))
}

/** Periods spanned by the panel, or 0 when it has no period column. */
export function periodCount(panel: Panel): number {
  if (!panel.period) return 0
  let max = -1
  for (let i = 0; i < panel.n; i++) max = Math.max(max, panel.period[i])
  return max + 1
}

/** The time holdout needs this many periods: fewer leave no test block after the folds. */
export const MIN_PERIODS_FOR_TIME = 6

/**
 * The time holdout where the data has periods; without them, folds over rows within items
 * (items keep their baselines: a split that holds out whole stores and fits without store
 * effects gives negative R² on panels whose stores differ 10× in volume); whole items only
 * when no item has a second row to hold out.
 */
export function defaultValidation(panel: Panel): Validation {
  if (periodCount(panel) >= MIN_PERIODS_FOR_TIME) return 'time'
  return panel.n >= 2 * panel.itemIds.length ? 'rows' : 'items'
}

/** Why a validation cannot run on this panel, or null when it can. */
export function validationRefusal(panel: Panel, v: Validation): string | null {
  if (v === 'time') {
    const T = periodCount(panel)
    if (!panel.period)
      return 'validation "time" needs a period column, and this dataset has none: use "rows" (folds over rows within items) or "items" (new items)'
    if (T < MIN_PERIODS_FOR_TIME)
      return `validation "time" needs at least ${MIN_PERIODS_FOR_TIME} periods, and this dataset has ${T}: use "rows" (folds over rows within items) or "items" (new items)`
  }
  if (v === 'rows' && panel.n < 2 * panel.itemIds.length)
    return 'validation "rows" needs items with several rows, and this dataset has about one row per item: use "items" (new items)'
  if (v === 'items' && panel.itemIds.length < 2)
    return 'validation "items" needs at least 2 items, and this dataset has 1: use "rows" or "time"'
  return null
}

/** Each row's position among its item's rows in a seeded random order, and each item's row count. */
function positionsWithinItems(panel: Panel, seed: number): { pos: Int32Array; count: Int32Array } {
  const order = shuffledIndices(panel.n, seed)
  const count = new Int32Array(panel.itemIds.length)
  const pos = new Int32Array(panel.n)
  for (const i of order) pos[i] = count[panel.item[i]]++
  return { pos, count }
}

/**
 * Train/test split over rows within items: about testShare of every item's rows (never all of
 * them) are tested, the rest train, so every tested item has a baseline from its own rows.
 */
export function splitWithinItems(panel: Panel, testShare: number, seed: number): Split {
  const { pos, count } = positionsWithinItems(panel, seed)
  const isTest = (i: number) => {
    const c = count[panel.item[i]]
    return pos[i] < Math.min(c - 1, Math.round(c * testShare))
  }
  const all = Uint32Array.from({ length: panel.n }, (_, i) => i)
  return { train: all.filter((i) => !isTest(i)), test: all.filter(isTest) }
}

/** k folds of the given rows, each item's rows dealt round-robin over the folds in a seeded order. */
export function rowFolds(panel: Panel, rows: Uint32Array, k: number, seed: number): Split[] {
  const order = shuffledIndices(rows.length, seed + 1)
  const dealt = new Int32Array(panel.itemIds.length)
  const foldOf = new Int32Array(rows.length)
  for (const r of order) foldOf[r] = dealt[panel.item[rows[r]]]++ % k
  return Array.from({ length: k }, (_, f) => ({
    train: rows.filter((_, r) => foldOf[r] !== f),
    test: rows.filter((_, r) => foldOf[r] === f)
  }))
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
