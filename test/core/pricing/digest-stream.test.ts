import { describe, expect, it } from 'vitest'
import { chunks, newDb } from '../../helpers'
import { Rng } from '../../../src/core/util/rng'
import { dayToIso, isoToDay } from '../../../src/core/util/dates'
import type { Db } from '../../../src/core/db/port'
import { importCsv } from '../../../src/core/data/import/import-csv'
import { loadDatasetPanel, selectControls } from '../../../src/core/elasticity/panel'
import { digestFor, pricingRows, type PricingDigest } from '../../../src/core/pricing/digest'
import { streamDigest } from '../../../src/core/pricing/digest-stream'
import type { ItemBy } from '../../../src/core/pricing/catalog'

const PRICES = [0.99, 1.49, 1.99, 2, 2.5, 2.99, 3, 0.125, 4.95, 10]

interface Drawn {
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
function drawTable(seed: number): Drawn {
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

async function importTable(db: Db, name: string, d: Drawn): Promise<void> {
  await importCsv(db, chunks(d.csv, 1 << 12), `${name}.csv`, {
    target: {
      kind: 'dataset',
      name,
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

/** The digest as pricing made it before: the whole panel read, then digested. */
function wholePanelDigest(db: Db, name: string, itemBy: ItemBy, controls?: string[]): PricingDigest {
  return digestFor(selectControls(loadDatasetPanel(db, name), controls), pricingRows(db, name, itemBy))
}

function expectSameDigest(a: PricingDigest, b: PricingDigest, label: string): void {
  const { season: sa, ...ra } = a
  const { season: sb, ...rb } = b
  expect(ra, label).toEqual(rb)
  // The season index adds the same terms in another order (per item and week, then across items).
  if (sb === null) expect(sa, label).toBeNull()
  else sb.forEach((x, w) => expect(Math.abs((sa as number[])[w] - x), label).toBeLessThanOrEqual(1e-12 * x))
}

describe('the streamed pricing digest', () => {
  it('equals the digest of the whole panel on random tables', async () => {
    const db = newDb()
    let withSeason = 0
    for (let seed = 1; seed <= 30; seed++) {
      const d = drawTable(seed)
      const name = `t${seed}`
      await importTable(db, name, d)
      const trend = d.period ? ['week (trend)', 'store'] : ['store']
      for (const [itemBy, controls] of [
        ['item', undefined],
        ['segment', undefined],
        ['item', ['store']],
        ['item', trend]
      ] as [ItemBy, string[] | undefined][]) {
        const label = `seed ${seed}, items by ${String(itemBy)}, controls ${controls?.join('+') ?? 'all'}`
        const old = wholePanelDigest(db, name, itemBy, controls)
        const streamed = streamDigest(db, name, pricingRows(db, name, itemBy), controls)
        expect(streamed, label).not.toBeNull()
        expectSameDigest(streamed as PricingDigest, old, label)
        if (old.season) withSeason++
      }
    }
    expect(withSeason).toBeGreaterThan(20)
  })

  it('refuses what the whole panel refuses, in the same words', async () => {
    const db = newDb()
    const d = drawTable(3)
    await importTable(db, 'neg', {
      ...d,
      csv: d.csv.replace(/\n(SKU-[^,]*,[^,]*,[^,]*,[^,]*,)[^,]*,/, '\n$1-2,')
    })
    const rows = pricingRows(db, 'neg', 'item')
    expect(() => wholePanelDigest(db, 'neg', 'item')).toThrow(/zero or negative/)
    expect(() => streamDigest(db, 'neg', rows)).toThrow(/zero or negative/)
    await importTable(db, 'ok', d)
    const okRows = pricingRows(db, 'ok', 'item')
    expect(() => streamDigest(db, 'ok', okRows, ['nope'])).toThrow(/unknown feature "nope"/)
  })
})
