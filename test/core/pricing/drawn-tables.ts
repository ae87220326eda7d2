import { chunks } from '../../helpers'
import { Rng } from '../../../src/core/util/rng'
import { dayToIso, isoToDay } from '../../../src/core/util/dates'
import type { Db } from '../../../src/core/db/port'
import { importCsv } from '../../../src/core/data/import/import-csv'

const PRICES = [0.99, 1.49, 1.99, 2, 2.5, 2.99, 3, 0.125, 4.95, 10]

export interface Drawn {
  csv: string
  period: boolean
  /** A feature column that never changes (finish drops it, with a warning). */
  constantPromo: boolean
}

/**
 * A sales table drawn from a seed: few or many items (one seen once), several rows of an item in one
 * week (daily dates, ties on the latest week), rows out of time order, repeated prices, a text and a
 * number feature, sometimes no period column, sometimes every row in one week.
 */
export function drawTable(seed: number): Drawn {
  const rng = new Rng(seed)
  const int = (k: number) => Math.floor(rng.next() * k)
  const nItems = 1 + int(25)
  const n = 30 + int(rng.next() < 0.3 ? 600 : 150)
  const period = rng.next() < 0.8
  const oneWeek = rng.next() < 0.1
  const constantPromo = rng.next() < 0.3
  const brands = 1 + int(4)
  const first = isoToDay('2024-01-01') + int(7)
  const lines = ['sku,brand,store,week,price,units,promo']
  for (let i = 0; i < n; i++) {
    const it = i > 0 && nItems > 1 ? 1 + int(nItems - 1) : 0
    const day = first + (oneWeek ? int(5) : int(rng.next() < 0.3 ? 14 : 120))
    const units = rng.next() < 0.5 ? int(40) : Math.round(rng.next() * 1e5) / 100
    lines.push(
      [
        `SKU-${it}`,
        `B${it % brands}`,
        `s${int(3)}`,
        dayToIso(day),
        PRICES[int(rng.next() < 0.5 ? 3 : PRICES.length)],
        units,
        constantPromo ? 1 : int(2)
      ].join(',')
    )
  }
  return { csv: lines.join('\n') + '\n', period, constantPromo }
}

export async function importTable(db: Db, name: string, d: Drawn, replace = false): Promise<void> {
  await importCsv(db, chunks(d.csv, 1 << 12), `${name}.csv`, {
    target: {
      kind: 'dataset',
      name,
      replace,
      roles: {
        price: 'price',
        quantity: 'units',
        item: 'sku',
        segments: ['brand'],
        ...(d.period ? { period: 'week' } : {}),
        features: ['store', 'promo']
      }
    },
    columns: [
      { source: 'sku', target: 'sku', type: 'text' },
      { source: 'brand', target: 'brand', type: 'text' },
      { source: 'store', target: 'store', type: 'text' },
      { source: 'week', target: 'week', type: 'date' },
      { source: 'price', target: 'price', type: 'number' },
      { source: 'units', target: 'units', type: 'number' },
      { source: 'promo', target: 'promo', type: 'integer' }
    ]
  })
}
