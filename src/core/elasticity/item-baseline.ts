import type { Panel } from './panel'

/**
 * Item baselines: every model may use the item's identity. On sales panels most of the
 * variation in volume is between items (a big store sells more of everything); a model
 * that has to explain it from a few traits predicts single items badly and, worse, lets
 * the price coefficient soak up what those traits miss. With a baseline per item, the
 * model explains deviations from the item's own level, and the price effect rests on
 * price changes within items.
 */

/** Per-item offsets on the log(q + 1) scale, keyed by item id (so a restored model finds its items in a reloaded panel). */
export interface ItemOffsets {
  byItem: Record<string, number>
  /** For an item the model never saw (a new item): the training rows' mean. */
  fallback: number
}

/** Mean of `values` (aligned with `rows`) per item index; NaN for items without rows. */
export function itemMeans(panel: Panel, rows: Uint32Array, values: ArrayLike<number>): Float64Array {
  const sum = new Float64Array(panel.itemIds.length)
  const cnt = new Float64Array(panel.itemIds.length)
  rows.forEach((i, k) => {
    sum[panel.item[i]] += values[k]
    cnt[panel.item[i]]++
  })
  return sum.map((s, it) => (cnt[it] ? s / cnt[it] : NaN))
}

export function toOffsets(panel: Panel, means: Float64Array, fallback: number): ItemOffsets {
  const byItem: Record<string, number> = {}
  means.forEach((m, it) => {
    if (Number.isFinite(m)) byItem[panel.itemIds[it]] = m
  })
  return { byItem, fallback }
}

const offsetCache = new WeakMap<ItemOffsets, WeakMap<string[], Float64Array>>()

/** base[k] + the offset of row rows[k]'s item (looked up once per panel). */
export function addOffsets(
  panel: Panel,
  rows: Uint32Array,
  base: Float64Array,
  o: ItemOffsets
): Float64Array {
  let perPanel = offsetCache.get(o)
  if (!perPanel) offsetCache.set(o, (perPanel = new WeakMap()))
  let byIndex = perPanel.get(panel.itemIds)
  if (!byIndex) {
    byIndex = Float64Array.from(panel.itemIds, (id) => o.byItem[id] ?? o.fallback)
    perPanel.set(panel.itemIds, byIndex)
  }
  const idx = byIndex
  return base.map((b, k) => b + idx[panel.item[rows[k]]])
}

const logPriceCache = new WeakMap<Float64Array, Float64Array>()

/**
 * The mean log price of each item over all its rows (prices are inputs, known for every
 * row, so this leaks nothing about the target). Trees see a row's price relative to it:
 * the within-item price change the elasticity should rest on.
 */
export function itemMeanLogPrices(panel: Panel): Float64Array {
  if (panel.itemLogPrice) return panel.itemLogPrice
  const hit = logPriceCache.get(panel.price)
  if (hit && hit.length === panel.itemIds.length) return hit
  const sum = new Float64Array(panel.itemIds.length)
  const cnt = new Float64Array(panel.itemIds.length)
  for (let i = 0; i < panel.n; i++) {
    sum[panel.item[i]] += Math.log(panel.price[i])
    cnt[panel.item[i]]++
  }
  const out = sum.map((s, it) => (cnt[it] ? s / cnt[it] : 0))
  logPriceCache.set(panel.price, out)
  return out
}

/**
 * The within transformation (item fixed effects): y and every design column minus their
 * item means over the training rows. Columns left without variation (the intercept,
 * traits constant within an item) are dropped: their effects are in the item baselines.
 */
export function withinTransform(
  panel: Panel,
  rows: Uint32Array,
  X: Float64Array,
  p: number,
  y: Float64Array,
  drop: number[] = []
): { X: Float64Array; y: Float64Array; keep: number[]; xMeans: Float64Array; yMeans: Float64Array } {
  const n = rows.length
  const I = panel.itemIds.length
  const xMeans = new Float64Array(I * p)
  const cnt = new Float64Array(I)
  for (let k = 0; k < n; k++) {
    const it = panel.item[rows[k]]
    cnt[it]++
    for (let j = 0; j < p; j++) xMeans[it * p + j] += X[k * p + j]
  }
  for (let it = 0; it < I; it++) if (cnt[it]) for (let j = 0; j < p; j++) xMeans[it * p + j] /= cnt[it]
  const yMeans = itemMeans(panel, rows, y)
  const ss = new Float64Array(p)
  const scale = new Float64Array(p)
  for (let k = 0; k < n; k++) {
    const it = panel.item[rows[k]]
    for (let j = 0; j < p; j++) {
      const d = X[k * p + j] - xMeans[it * p + j]
      ss[j] += d * d
      scale[j] += X[k * p + j] * X[k * p + j]
    }
  }
  const dropped = new Set(drop)
  const keep: number[] = []
  for (let j = 0; j < p; j++) if (!dropped.has(j) && ss[j] > 1e-9 * Math.max(1e-12, scale[j])) keep.push(j)
  const q = keep.length
  const Xw = new Float64Array(n * q)
  const yw = new Float64Array(n)
  for (let k = 0; k < n; k++) {
    const it = panel.item[rows[k]]
    yw[k] = y[k] - yMeans[it]
    keep.forEach((j, c) => (Xw[k * q + c] = X[k * p + j] - xMeans[it * p + j]))
  }
  return { X: Xw, y: yw, keep, xMeans, yMeans }
}
