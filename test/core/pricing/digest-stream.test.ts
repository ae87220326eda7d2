import { describe, expect, it } from 'vitest'
import { newDb } from '../../helpers'
import type { Db } from '../../../src/core/db/port'
import { drawTable, importTable } from './drawn-tables'
import { loadDatasetPanel, selectControls } from '../../../src/core/elasticity/panel'
import { digestFor, pricingRows, type PricingDigest } from '../../../src/core/pricing/digest'
import { streamDigest } from '../../../src/core/pricing/digest-stream'
import type { ItemBy } from '../../../src/core/pricing/catalog'

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
