import { closeSync, openSync, writeSync } from 'node:fs'
import { Rng } from '../src/core/util/rng'

/** The log's shape: stores × SKUs items, over `weeks` weeks from Monday 2024-01-01. */
export const LOG_SHAPE = { stores: 20, skus: 500, weeks: 104 }

/** The recipe the bench imports with (and prints as SQL): store + SKU, weekly, promotion share, cost. */
export const LOG_RECIPE_FLAGS = [
  '--transactions',
  '--item-by',
  'store,sku',
  '--time',
  'sold_at',
  '--bucket',
  'week',
  '--price',
  'unit_price',
  '--quantity',
  'units',
  '--features',
  'on_promo',
  '--cost',
  'unit_cost'
]

/**
 * A till log of `lines` sales lines (CSV, written in 4 MB blocks, never held whole), in time
 * order like a point-of-sale export: sold_at,store,sku,units,unit_price,on_promo,unit_cost.
 * Each SKU has a list price; promotions (20% off) run by SKU and week; about 1% of lines are
 * returns of one unit, written right after a sale of the same item, so every return nets.
 */
export function writeTransactionLog(
  path: string,
  lines: number,
  seed = 27,
  shape = LOG_SHAPE
): { bytes: number } {
  const { stores, skus, weeks } = shape
  const rng = new Rng(seed)
  const list = Array.from({ length: skus }, () => 1 + Math.round(rng.next() * 1900) / 100)
  const fd = openSync(path, 'w')
  let bytes = 0
  let buf = 'sold_at,store,sku,units,unit_price,on_promo,unit_cost\n'
  const flush = () => {
    bytes += writeSync(fd, buf)
    buf = ''
  }
  const day0 = Date.UTC(2024, 0, 1) / 1000
  const span = weeks * 7 * 86_400
  const stamp = new Map<number, string>()
  const dateOf = (sec: number): string => {
    const day = Math.floor(sec / 86_400)
    let d = stamp.get(day)
    if (d === undefined) stamp.set(day, (d = new Date(day * 86_400_000).toISOString().slice(0, 10)))
    return d
  }
  const two = Array.from({ length: 60 }, (_, n) => (n < 10 ? '0' + n : String(n)))
  const storeText = Array.from({ length: stores }, (_, s) => `,S${s + 1},`)
  // Per SKU and promotion state: ",SKUn," and the line's tail after the units.
  const skuText = Array.from({ length: skus }, (_, k) => `SKU${k + 1},`)
  const tail = list.map((p) => {
    const cost = (Math.round(p * 55) / 100).toFixed(2)
    return [false, true].map(
      (promo) => `,${(promo ? Math.round(p * 80) / 100 : p).toFixed(2)},${promo ? 1 : 0},${cost}\n`
    )
  })
  try {
    for (let i = 0; i < lines; i++) {
      const sec = day0 + Math.floor((i / lines) * span)
      const store = Math.floor(rng.next() * stores)
      const sku = Math.floor(rng.next() * skus)
      const week = Math.floor((sec - day0) / (7 * 86_400))
      const end = tail[sku][(sku * 31 + week * 17) % 7 === 0 ? 1 : 0]
      const units = 1 + Math.floor(rng.next() * 3)
      const s = sec % 86_400
      const line = `${dateOf(sec)} ${two[Math.floor(s / 3600)]}:${two[Math.floor(s / 60) % 60]}:${two[s % 60]}${storeText[store]}${skuText[sku]}`
      buf += line + units + end
      if (i + 1 < lines && rng.next() < 0.01) {
        buf += line + '-1' + end
        i++
      }
      if (buf.length > 1 << 22) flush()
    }
    flush()
  } finally {
    closeSync(fd)
  }
  return { bytes }
}
