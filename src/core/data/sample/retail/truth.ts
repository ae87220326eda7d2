import { quoteIdent, type Db } from '../../../db/port'
import { findDataset } from '../../datasets'
import { noiseMeanFactor, retailLogDemand, type RetailEffects } from './demand-model'
import { RETAIL_DATASET } from './write'

/** The retail sample's stored truth: enough to compute true expected demand at any price vector. */
export interface RetailTruth {
  dataset: string
  brands: { name: string; elasticity: number; referencePrice: number; baseUnits: number }[]
  items: {
    id: string
    store: string
    /** Index into brands. */
    brand: number
    elasticity: number
    logBase: number
    currentPrice: number
  }[]
  /** γ: brand's demand rises by elasticity × log(other's price / other's reference price), within a store. */
  cross: { brand: number; other: number; elasticity: number }[]
  /** The global effects as stored with this sample (expected demand is computed from these). */
  effects: RetailEffects
  /** Season term of the week after the data (the week being priced). */
  nextWeekSeason: number
  weeks: number
}

type Row = { scope: string; key: string; metric: string; value: number }

/** Reads the retail truth; null when the project has no generated retail sample. */
export function loadRetailTruth(db: Db): RetailTruth | null {
  const ds = findDataset(db, RETAIL_DATASET)
  if (!ds) return null
  const rows = db
    .prepare<Row>(
      "SELECT scope, key, metric, value FROM ground_truth WHERE scope LIKE 'retail\\_%' ESCAPE '\\'"
    )
    .all()
  if (!rows.length) return null
  const t = new Map(rows.map((r) => [`${r.scope}|${r.key}|${r.metric}`, r.value]))
  const get = (k: string) => {
    const v = t.get(k)
    if (v === undefined) throw new Error(`the retail sample's truth is incomplete (${k}): generate it again`)
    return v
  }
  const brandNames = [...new Set(rows.filter((r) => r.scope === 'retail_brand').map((r) => r.key))]
  const brands = brandNames.map((name) => ({
    name,
    elasticity: get(`retail_brand|${name}|elasticity`),
    referencePrice: get(`retail_brand|${name}|reference_price`),
    baseUnits: get(`retail_brand|${name}|base_units`)
  }))
  const brandIndex = new Map(brandNames.map((b, i) => [b, i]))
  const items = db
    .prepare<{ item: string; store: string; brand: string }>(
      `SELECT item, min(store) AS store, min(brand) AS brand FROM ${quoteIdent(ds.table)} GROUP BY item ORDER BY min(rowid)`
    )
    .all()
    .map((r) => ({
      id: r.item,
      store: r.store,
      brand: brandIndex.get(r.brand) ?? -1,
      elasticity: get(`retail_item|${r.item}|elasticity`),
      logBase: get(`retail_item|${r.item}|log_base`),
      currentPrice: get(`retail_item|${r.item}|current_price`)
    }))
  const cross = rows
    .filter((r) => r.scope === 'retail_cross' && r.metric === 'elasticity')
    .map((r) => {
      const [b, o] = r.key.split('|')
      return { brand: brandIndex.get(b) ?? -1, other: brandIndex.get(o) ?? -1, elasticity: r.value }
    })
  return {
    dataset: RETAIL_DATASET,
    brands,
    items,
    cross,
    effects: {
      featureEffect: get('retail_model|global|feature_effect'),
      displayEffect: get('retail_model|global|display_effect'),
      seasonAmplitude: get('retail_model|global|season_amplitude'),
      storeWeekNoiseSd: get('retail_model|global|store_week_noise_sd'),
      weekNoiseSd: get('retail_model|global|week_noise_sd')
    },
    nextWeekSeason: get('retail_model|global|next_week_season'),
    weeks: get('retail_model|global|weeks')
  }
}

/**
 * TRUE expected weekly units of every item (truth.items order) at the given prices
 * (same order, dollars), in the week after the data (or `week`, counted from the
 * first week of data), without feature or display unless given: exp(systematic log demand) × E[exp(shocks)]. Cross effects use the
 * prices of the other brands in the same store from the same vector.
 */
export function retailExpectedDemand(
  truth: RetailTruth,
  prices: Float64Array,
  opts: { feature?: Uint8Array; display?: Uint8Array; week?: number } = {}
): Float64Array {
  if (prices.length !== truth.items.length)
    throw new Error(`expected ${truth.items.length} prices (one per item), got ${prices.length}`)
  const slot = new Map(truth.items.map((it, i) => [`${it.store}|${it.brand}`, i]))
  const crossOf = truth.brands.map((_, b) => truth.cross.filter((c) => c.brand === b))
  const noise = noiseMeanFactor(truth.effects)
  return Float64Array.from(truth.items, (it, i) => {
    let crossTerm = 0
    for (const c of crossOf[it.brand]) {
      const j = slot.get(`${it.store}|${c.other}`)
      if (j !== undefined)
        crossTerm += c.elasticity * Math.log(prices[j] / truth.brands[c.other].referencePrice)
    }
    const logMedian = retailLogDemand(
      {
        logBase: it.logBase,
        elasticity: it.elasticity,
        price: prices[i],
        refPrice: truth.brands[it.brand].referencePrice,
        crossTerm,
        feature: opts.feature?.[i] ?? 0,
        display: opts.display?.[i] ?? 0,
        week: opts.week ?? truth.weeks
      },
      truth.effects
    )
    return Math.exp(logMedian) * noise
  })
}

/**
 * The true elasticity per segment of the retail sample, for the elasticity report's
 * "true" column: per brand (segment = brand) or per store-brand (segment = item).
 * Null for any other dataset or segment column.
 */
export function retailPanelTruth(
  db: Db,
  dataset: string,
  segmentColumn: string | undefined
): Record<string, number> | null {
  if (dataset !== RETAIL_DATASET) return null
  const scope = segmentColumn === 'brand' ? 'retail_brand' : segmentColumn === 'item' ? 'retail_item' : null
  if (!scope) return null
  const rows = db
    .prepare<{ key: string; value: number }>(
      "SELECT key, value FROM ground_truth WHERE scope = ? AND metric = 'elasticity'"
    )
    .all(scope)
  return rows.length ? Object.fromEntries(rows.map((r) => [r.key, r.value])) : null
}
