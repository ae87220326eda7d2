import { Rng, clamp } from '../../../util/rng'
import { isoToDay } from '../../../util/dates'
import { RETAIL_BRANDS, RETAIL_CROSS, referencePrice } from './brands'
import {
  ITEM_EFFECT_SD,
  ITEM_ELASTICITY_SD,
  STORE_EFFECT_SD,
  STORE_WEEK_NOISE_SD,
  WEEK_NOISE_SD,
  promotionRate,
  retailLogDemand
} from './demand-model'

export interface RetailOptions {
  seed: number
  /** Multiplies the number of stores (1 = 80 stores × 7 brands × 104 weeks = 58,240 rows). */
  scale: number
  /** Weeks of data (default 104); for tests and benchmarks. */
  weeks?: number
}

export const RETAIL_START = '2024-01-01'
export const RETAIL_WEEKS = 104
export const RETAIL_STORES = 80

/** Promotion depths (share off the regular price; a few standard cuts) and how a promotion is advertised. */
const PROMO_DEPTHS = [0.15, 0.2, 0.25, 0.33] as const
const FEATURE_IN_PROMO = 0.6
const DISPLAY_IN_PROMO = 0.4
const FEATURE_OTHERWISE = 0.01
const DISPLAY_OTHERWISE = 0.02
/** Weekly chance of a regular (shelf) price change by one price point. */
const REGULAR_CHANGE = 0.025

export interface RetailItem {
  id: string
  store: number
  brand: number
  /** True own elasticity of this store-brand. */
  elasticity: number
  itemEffect: number
  /** log baseUnits(brand) + storeEffect + itemEffect. */
  logBase: number
  /** Regular shelf price in cents at the end of the data (= the last week's price). */
  regularCents: number
}

/** The simulated panel, one row per item and week, items in store then brand order, weeks ascending. */
export interface RetailWorld {
  options: RetailOptions
  startDay: number
  weeks: number
  /** promoIntensity multiplies the promotion rate: some stores promote a lot, some hardly at all. */
  stores: { id: string; effect: number; zone: number; promoIntensity: number }[]
  items: RetailItem[]
  /** Row k = item ⌊k / weeks⌋, week k mod weeks. */
  priceCents: Int32Array
  quantity: Int32Array
  feature: Uint8Array
  display: Uint8Array
}

export function retailSizes(options: RetailOptions): { stores: number; brands: number; weeks: number } {
  return {
    stores: Math.max(2, Math.round(RETAIL_STORES * options.scale)),
    brands: RETAIL_BRANDS.length,
    weeks: options.weeks ?? RETAIL_WEEKS
  }
}

/** Rounds a promotional price down to a price ending in 9 cents, as shelf tags do. */
function promoCents(regular: number, depth: number): number {
  return Math.max(79, Math.floor((regular * (1 - depth)) / 10) * 10 - 1)
}

export function simulateRetail(options: RetailOptions): RetailWorld {
  const rng = new Rng((options.seed ^ 0x2e7a11) >>> 0)
  const { stores: nStores, brands: nBrands, weeks } = retailSizes(options)
  const pad = Math.max(2, String(nStores).length)

  // Stores: a volume baseline, a price zone (0 cheap … 2 dear; busier stores tend to sit in dearer zones) and
  // a promotion habit, so that some items have little price variation and their own estimates are noisy.
  const stores = Array.from({ length: nStores }, (_, s) => {
    const z = rng.normal()
    const zone = clamp(Math.round(1 + 0.45 * z + 0.6 * rng.normal()), 0, 2)
    const promoIntensity = clamp(Math.exp(0.5 * rng.normal()), 0.35, 2.5)
    return { id: `S${String(s + 1).padStart(pad, '0')}`, effect: STORE_EFFECT_SD * z, zone, promoIntensity }
  })

  // Items: one per store and brand, with its own elasticity around the brand's (centred within the brand).
  const items: RetailItem[] = []
  const dev = new Float64Array(nStores * nBrands)
  for (let i = 0; i < dev.length; i++) dev[i] = ITEM_ELASTICITY_SD * rng.normal()
  for (let b = 0; b < nBrands; b++) {
    let mean = 0
    for (let s = 0; s < nStores; s++) mean += dev[s * nBrands + b] / nStores
    for (let s = 0; s < nStores; s++) dev[s * nBrands + b] -= mean
  }
  for (let s = 0; s < nStores; s++)
    for (let b = 0; b < nBrands; b++) {
      const brand = RETAIL_BRANDS[b]
      const itemEffect = ITEM_EFFECT_SD * rng.normal()
      items.push({
        id: `${stores[s].id}-${brand.code}`,
        store: s,
        brand: b,
        elasticity: brand.elasticity + dev[s * nBrands + b],
        itemEffect,
        logBase: Math.log(brand.baseUnits) + stores[s].effect + itemEffect,
        regularCents: 0
      })
    }

  // Price paths: a regular price on one of the brand's points (zone and item demand decide which), a step
  // now and then (more often up where demand is strong), and promotions, mostly in the slow season.
  const n = items.length * weeks
  const priceCents = new Int32Array(n)
  const feature = new Uint8Array(n)
  const display = new Uint8Array(n)
  for (let it = 0; it < items.length; it++) {
    const item = items[it]
    const points = RETAIL_BRANDS[item.brand].pricePoints
    const z = item.itemEffect / ITEM_EFFECT_SD
    let level = clamp(
      Math.round(stores[item.store].zone + 0.3 * z + 0.4 * rng.normal()),
      0,
      points.length - 1
    )
    let promoLeft = 0
    let depth = 0
    let feat = 0
    let disp = 0
    for (let w = 0; w < weeks; w++) {
      const k = it * weeks + w
      if (rng.bernoulli(REGULAR_CHANGE)) {
        const up = rng.bernoulli(0.5 + 0.3 * Math.tanh(z))
        level = clamp(level + (up ? 1 : -1), 0, points.length - 1)
      }
      const last = w === weeks - 1
      if (promoLeft > 0) promoLeft--
      else if (!last && rng.bernoulli(promotionRate(w) * stores[item.store].promoIntensity)) {
        promoLeft = rng.bernoulli(0.35) ? 1 : 0
        depth = rng.pick(PROMO_DEPTHS)
        feat = rng.bernoulli(FEATURE_IN_PROMO) ? 1 : 0
        disp = rng.bernoulli(DISPLAY_IN_PROMO) ? 1 : 0
      } else depth = 0
      // The last week is an ordinary one: today's price is the regular shelf price.
      if (last) {
        promoLeft = 0
        depth = 0
      }
      const regular = points[level]
      priceCents[k] = depth > 0 ? promoCents(regular, depth) : regular
      feature[k] = depth > 0 ? feat : !last && rng.bernoulli(FEATURE_OTHERWISE) ? 1 : 0
      display[k] = depth > 0 ? disp : !last && rng.bernoulli(DISPLAY_OTHERWISE) ? 1 : 0
      if (last) item.regularCents = regular
    }
  }

  // Weekly units: the demand model with cross-price effects within the store, a store-week and an item-week shock.
  const crossOf = RETAIL_BRANDS.map((b) =>
    RETAIL_CROSS.filter((c) => c.brand === b.code).map((c) => ({
      other: RETAIL_BRANDS.findIndex((o) => o.code === c.other),
      elasticity: c.elasticity
    }))
  )
  const refs = RETAIL_BRANDS.map(referencePrice)
  const quantity = new Int32Array(n)
  for (let s = 0; s < nStores; s++)
    for (let w = 0; w < weeks; w++) {
      const storeWeek = STORE_WEEK_NOISE_SD * rng.normal()
      for (let b = 0; b < nBrands; b++) {
        const it = s * nBrands + b
        const k = it * weeks + w
        let crossTerm = 0
        for (const c of crossOf[b])
          crossTerm +=
            c.elasticity * Math.log(priceCents[(s * nBrands + c.other) * weeks + w] / 100 / refs[c.other])
        const eta =
          retailLogDemand({
            logBase: items[it].logBase,
            elasticity: items[it].elasticity,
            price: priceCents[k] / 100,
            refPrice: refs[b],
            crossTerm,
            feature: feature[k],
            display: display[k],
            week: w
          }) +
          storeWeek +
          WEEK_NOISE_SD * rng.normal()
        quantity[k] = rng.poisson(Math.exp(eta))
      }
    }
  return {
    options,
    startDay: isoToDay(RETAIL_START),
    weeks,
    stores,
    items,
    priceCents,
    quantity,
    feature,
    display
  }
}
