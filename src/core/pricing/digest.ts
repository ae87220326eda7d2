import type { DigestSource } from '../../shared/pricing'
import type { Db } from '../db/port'
import { findDataset } from '../data/datasets'
import { SAMPLE_DATASET, type Panel } from '../elasticity/panel'
import { itemMeanLogPrices } from '../elasticity/item-baseline'
import { countPrices, type PriceCounts } from './observed-prices'
import { itemKeys, recentLevels, seasonIndex, type ItemBy } from './catalog-rules'

/**
 * What pricing reads of a panel, per item: its memory grows with the items, not with the rows.
 * The catalog, the recent levels and the data's price grid come from here; a model's demand
 * predicts on `panel`, a panel of its own holding only each item's rows of its latest period.
 */
export interface PricingDigest {
  /** Where it came from (the cache, the rows streamed, the panel read whole), where the loader says. */
  source?: DigestSource
  /** The item rule and the period the digest was made with (a digest answers for these only). */
  itemBy: ItemBy
  /**
   * Each item's rows of its latest period (items in key order, rows in the data's order), as a
   * panel: every column of those rows, the reference price of their segment and period over the
   * whole data, and each item's mean log price over all its rows (itemLogPrice), so a model's
   * prediction for them is the one it makes on the whole panel.
   */
  panel: Panel
  /** The row of the whole panel each digest row was. */
  origin: Uint32Array
  /** Item names under the rule, in key order. */
  names: string[]
  /** Digest rows of item k: rows[start[k] .. start[k + 1]). */
  start: Int32Array
  /** Lowest and highest price each item was observed at. */
  lo: Float64Array
  hi: Float64Array
  /** Mean quantity per period over each item's last few periods. */
  recent: Float64Array
  season: number[] | null
  nextWeek: number | null
  /** Every observed price with its number of rows. */
  prices: PriceCounts
}

/**
 * The digest of a panel: one pass over its rows keeps each item's latest-period rows (by
 * `period`, later = larger; default the row order), its price range and recent level.
 */
export function digestPanel(panel: Panel, itemBy: ItemBy, period: ArrayLike<number> | null): PricingDigest {
  const { keys, names } = itemKeys(panel, itemBy)
  const nItems = names.length
  const per = (i: number) => (period ? period[i] : i)
  const last = new Float64Array(nItems).fill(-Infinity)
  const lo = new Float64Array(nItems).fill(Infinity)
  const hi = new Float64Array(nItems).fill(-Infinity)
  const count = new Int32Array(nItems)
  for (let i = 0; i < panel.n; i++) {
    const it = keys[i]
    const p = per(i)
    if (p > last[it]) {
      last[it] = p
      count[it] = 0
    }
    if (p === last[it]) count[it]++
    if (panel.price[i] < lo[it]) lo[it] = panel.price[i]
    if (panel.price[i] > hi[it]) hi[it] = panel.price[i]
  }
  const start = new Int32Array(nItems + 1)
  for (let it = 0; it < nItems; it++) start[it + 1] = start[it] + count[it]
  const origin = new Uint32Array(start[nItems])
  const fill = start.slice(0, nItems)
  for (let i = 0; i < panel.n; i++) if (per(i) === last[keys[i]]) origin[fill[keys[i]]++] = i
  const { season, nextWeek } = seasonIndex(panel)
  return {
    itemBy,
    panel: rowsOf(panel, origin),
    origin,
    names,
    start,
    lo,
    hi,
    recent: recentLevels(panel, keys, nItems, per),
    season,
    nextWeek,
    prices: countPrices(panel.price)
  }
}

/** The panel's rows `rows` as a panel of their own, with the whole panel's items, levels and item log prices. */
function rowsOf(panel: Panel, rows: Uint32Array): Panel {
  const pick = <T extends Float64Array | Int32Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(rows.length)
    for (let k = 0; k < rows.length; k++) out[k] = a[rows[k]]
    return out
  }
  return {
    ...panel,
    n: rows.length,
    item: pick(panel.item),
    segment: pick(panel.segment),
    price: pick(panel.price),
    quantity: pick(panel.quantity),
    refPrice: pick(panel.refPrice),
    controls: panel.controls.map((c) => ({ ...c, values: pick(c.values) })),
    ...(panel.period ? { period: pick(panel.period) } : {}),
    itemLogPrice: itemMeanLogPrices(panel)
  }
}

/** Which items pricing makes of a dataset's rows, and which column orders them in time. */
export interface PricingRows {
  itemBy: ItemBy
  /** The dataset's period column (null: the rows' own order). */
  periodRole: string | null
}

/** The items of a dataset: its item column (else its segments), unless the caller chose others. */
export function pricingRows(db: Db, dataset: string, itemBy?: ItemBy): PricingRows {
  const ds = dataset === SAMPLE_DATASET ? null : findDataset(db, dataset)
  return {
    itemBy: itemBy ?? (ds && !ds.roles.item ? 'segment' : 'item'),
    periodRole: ds?.roles.period ?? null
  }
}

/** The digest of a panel for these items. */
export function digestFor(panel: Panel, rows: PricingRows): PricingDigest {
  return digestPanel(panel, rows.itemBy, periodValues(panel, rows.periodRole))
}

/** Each row's period (later = larger) from the dataset's period column, or null (row order). */
function periodValues(panel: Panel, role: string | null): Float64Array | null {
  if (!role) return null
  const c =
    panel.controls.find((x) => x.name === `${role} (trend)`) ??
    panel.controls.find((x) => x.name === role && x.kind === 'numeric')
  return c ? c.values : null
}
