import type { Panel } from '../elasticity/panel'
import { PricingError } from './optimize'

/** How rows become priceable items: the panel's item, the segment, or a combination of columns (store × brand). */
export type ItemBy = 'item' | 'segment' | string[]

/** Each row's item key under the chosen rule, and the item names in a stable order. */
export function itemKeys(panel: Panel, by: ItemBy): { keys: Int32Array; names: string[] } {
  if (by === 'item') return { keys: panel.item, names: panel.itemIds }
  if (by === 'segment') return { keys: panel.segment, names: panel.segments }
  const cols = by.map((name) => {
    if (name === panel.segmentName) return (i: number) => panel.segments[panel.segment[i]]
    const c = panel.controls.find((x) => x.name === name)
    if (!c)
      throw new PricingError(
        `no column "${name}" to make items from (available: ${[panel.segmentName, ...panel.controls.map((x) => x.name)].join(', ')})`
      )
    return c.levels ? (i: number) => (c.levels as string[])[c.values[i]] : (i: number) => String(c.values[i])
  })
  const index = new Map<string, number>()
  const keys = new Int32Array(panel.n)
  for (let i = 0; i < panel.n; i++) {
    const k = cols.map((f) => f(i)).join(' × ')
    let v = index.get(k)
    if (v === undefined) index.set(k, (v = index.size))
    keys[i] = v
  }
  return { keys, names: [...index.keys()] }
}

/** The most common price (ties: the middle one of the tied prices, in price order). */
export function modePrice(prices: number[]): number {
  const counts = new Map<number, number>()
  for (const p of prices) counts.set(p, (counts.get(p) ?? 0) + 1)
  const top = Math.max(...counts.values())
  const tied = [...counts]
    .filter(([, c]) => c === top)
    .map(([p]) => p)
    .sort((a, b) => a - b)
  return tied[(tied.length - 1) >> 1]
}

/** RECENT periods: the item's recent level is its mean quantity per period over its last few periods. */
const RECENT = 4

export function recentLevels(
  panel: Panel,
  keys: Int32Array,
  nItems: number,
  per: (i: number) => number
): Float64Array {
  // Each item keeps only its RECENT latest distinct periods and their quantity sums, in fixed slots (memory grows
  // with items, not rows: a Map per item held every period of a 10M-row panel). A period pushed out by RECENT later
  // ones can never come back among the latest, so one pass in row order gives the same sums as keeping them all.
  const period = new Float64Array(nItems * RECENT).fill(-Infinity)
  const sum = new Float64Array(nItems * RECENT)
  const used = new Uint8Array(nItems)
  for (let i = 0; i < panel.n; i++) {
    const it = keys[i]
    const p = per(i)
    const base = it * RECENT
    let slot = -1
    for (let k = 0; k < used[it]; k++) if (period[base + k] === p) slot = base + k
    if (slot < 0) {
      if (used[it] < RECENT) slot = base + used[it]++
      else {
        let low = base
        for (let k = 1; k < RECENT; k++) if (period[base + k] < period[low]) low = base + k
        if (!(p > period[low])) continue
        slot = low
      }
      period[slot] = p
      sum[slot] = 0
    }
    sum[slot] += panel.quantity[i]
  }
  const out = new Float64Array(nItems)
  const order: number[] = []
  for (let it = 0; it < nItems; it++) {
    if (!used[it]) continue
    const base = it * RECENT
    order.length = 0
    for (let k = 0; k < used[it]; k++) order.push(base + k)
    // Latest first, as the sums were always added up.
    order.sort((a, b) => period[b] - period[a])
    out[it] = order.reduce((s, k) => s + sum[k], 0) / order.length
  }
  return out
}

/** Mean demand by week of year relative to each item's own mean: seasonality from the data itself. */
export function seasonIndex(panel: Panel): { season: number[] | null; nextWeek: number | null } {
  const week = panel.controls.find((c) => c.kind === 'cyclic' && c.period === 52)
  if (!week) return { season: null, nextWeek: null }
  const itemSum = new Float64Array(panel.itemIds.length)
  const itemN = new Float64Array(panel.itemIds.length)
  for (let i = 0; i < panel.n; i++) {
    itemSum[panel.item[i]] += panel.quantity[i]
    itemN[panel.item[i]]++
  }
  const s = new Float64Array(52)
  const n = new Float64Array(52)
  for (let i = 0; i < panel.n; i++) {
    const m = itemSum[panel.item[i]] / itemN[panel.item[i]]
    if (!(m > 0)) continue
    const w = ((Math.round(week.values[i]) % 52) + 52) % 52
    s[w] += panel.quantity[i] / m
    n[w]++
  }
  const season = Array.from(s, (x, w) => (n[w] ? x / n[w] : 1))
  // The week most items were last seen in is "now"; the next one is being priced.
  const lastRow = new Map<number, number>()
  for (let i = 0; i < panel.n; i++) lastRow.set(panel.item[i], i)
  const counts = new Float64Array(52)
  for (const i of lastRow.values()) counts[((Math.round(week.values[i]) % 52) + 52) % 52]++
  const lastWeek = counts.indexOf(Math.max(...counts))
  return { season, nextWeek: (lastWeek + 1) % 52 }
}
