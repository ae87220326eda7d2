import type { Panel } from '../elasticity/panel'
import { PricingError } from './optimize'
import { RecentSlots } from './recent-slots'

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
        `items by "${name}": the demand model has no column "${name}" (it has: ${[...new Set([panel.segmentName, ...panel.controls.map((x) => x.name)])].join(', ')}): choose one of those, or make "${name}" a segment or feature column of the dataset and train again`
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

/** Each item's mean quantity per period over its RECENT latest periods (recent-slots.ts). */
export function recentLevels(
  panel: Panel,
  keys: Int32Array,
  nItems: number,
  per: (i: number) => number
): Float64Array {
  const slots = new RecentSlots()
  for (let i = 0; i < panel.n; i++) slots.add(keys[i], per(i), panel.quantity[i])
  return Float64Array.from({ length: nItems }, (_, it) => slots.level(it))
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
