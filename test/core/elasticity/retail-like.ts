import type { Panel } from '../../../src/core/elasticity/panel'
import { Rng } from '../../../src/core/util/rng'

/**
 * A small weekly store × brand panel shaped like real sales data (the failures of issue 12):
 * strong item baselines no control measures (a big store sells more of everything), a
 * regular price per item that is higher where the item sells more (so prices differ
 * between items for reasons that also raise demand), promotions of 10–30% at random weeks
 * (the within-item variation that identifies the elasticity), a season, and Poisson sales:
 *   log λ = base_i + ε_brand · log(p / regular_i) + season(t),  base_i ~ N(log 30, baseSd²).
 * Truth per brand in `truth`, per item in `itemTruth` (brand's ε + itemSd · N(0, 1)).
 */
export function retailLikePanel(opts: {
  seed?: number
  stores?: number
  brands?: number
  weeks?: number
  /** Brand elasticities (cycled); default −1.5, −2.5, −3.5. */
  elasticities?: number[]
  baseSd?: number
  /** Spread of item elasticities around their brand's. */
  itemSd?: number
  /** segment = item (one elasticity per item), as an analyst asking for per-store-brand figures would set it. */
  segmentIsItem?: boolean
  /** How much an item's regular price rises with its baseline (0: price levels say nothing about volume). */
  priceTracksBase?: number
  /** Every item's price stays at its regular price. */
  noPromotions?: boolean
}): Panel & { itemTruth: Record<string, number> } {
  const rng = new Rng(opts.seed ?? 1)
  const stores = opts.stores ?? 20
  const brands = opts.brands ?? 3
  const weeks = opts.weeks ?? 40
  const eps = opts.elasticities ?? [-1.5, -2.5, -3.5]
  const baseSd = opts.baseSd ?? 0.8
  const n = stores * brands * weeks
  const item = new Int32Array(n)
  const segment = new Int32Array(n)
  const period = new Int32Array(n)
  const price = new Float64Array(n)
  const quantity = new Float64Array(n)
  const week = new Float64Array(n)
  const itemIds: string[] = []
  const itemTruth: Record<string, number> = {}
  const brandNames = Array.from({ length: brands }, (_, b) => `brand-${b + 1}`)
  let k = 0
  for (let s = 0; s < stores; s++)
    for (let b = 0; b < brands; b++) {
      const it = itemIds.length
      const id = `store-${s + 1}/${brandNames[b]}`
      itemIds.push(id)
      const e = eps[b % eps.length] + (opts.itemSd ?? 0) * rng.normal()
      itemTruth[id] = e
      const base = Math.log(30) + baseSd * rng.normal()
      // Dearer where demand is stronger: price levels differ between items for a reason that also moves sales.
      const regular =
        Math.round(
          300 * Math.exp((opts.priceTracksBase ?? 0.3) * (base - Math.log(30)) + 0.1 * rng.normal())
        ) / 100
      for (let t = 0; t < weeks; t++) {
        const promo = !opts.noPromotions && rng.bernoulli(0.25) ? rng.uniform(0.1, 0.3) : 0
        const p = Math.round(regular * (1 - promo) * 100) / 100
        const season = 0.2 * Math.sin((2 * Math.PI * t) / 52)
        item[k] = it
        segment[k] = opts.segmentIsItem ? it : b
        period[k] = t
        price[k] = p
        quantity[k] = rng.poisson(Math.exp(base + e * Math.log(p / regular) + season))
        week[k] = t % 52
        k++
      }
    }
  const segments = opts.segmentIsItem ? itemIds : brandNames
  const refPrice = new Float64Array(n)
  const sum = new Map<string, { s: number; c: number }>()
  for (let i = 0; i < n; i++) {
    const key = `${segment[i]}:${period[i]}`
    const e = sum.get(key) ?? { s: 0, c: 0 }
    e.s += price[i]
    e.c++
    sum.set(key, e)
  }
  for (let i = 0; i < n; i++) {
    const e = sum.get(`${segment[i]}:${period[i]}`) as { s: number; c: number }
    refPrice[i] = e.s / e.c
  }
  const brandCodes = Int32Array.from(item, (it) => it % brands)
  return {
    dataset: 'retail-like',
    version: 1,
    n,
    item,
    itemIds,
    segment,
    segments,
    segmentName: opts.segmentIsItem ? 'item' : 'brand',
    price,
    quantity,
    refPrice,
    period,
    controls: [
      ...(opts.segmentIsItem
        ? []
        : [
            {
              name: 'brand',
              kind: 'categorical' as const,
              values: Float64Array.from(brandCodes),
              levels: brandNames
            }
          ]),
      { name: 'week_of_year', kind: 'cyclic', values: week, period: 52 }
    ],
    truth: opts.segmentIsItem
      ? itemTruth
      : Object.fromEntries(brandNames.map((b, i) => [b, eps[i % eps.length]])),
    warnings: [],
    itemTruth
  }
}

/** Runs fn at each seed and returns the results in seed order: claims are checked at every seed, not one lucky one. */
export function acrossSeeds<T>(seeds: number[], fn: (seed: number) => T): { seed: number; value: T }[] {
  return seeds.map((seed) => ({ seed, value: fn(seed) }))
}
