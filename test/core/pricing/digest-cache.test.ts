import { describe, expect, it } from 'vitest'
import { newDb } from '../../helpers'
import type { Db } from '../../../src/core/db/port'
import { drawTable, importTable } from './drawn-tables'
import { loadDatasetPanel, SAMPLE_DATASET, selectControls } from '../../../src/core/elasticity/panel'
import { digestFor, pricingRows, type PricingDigest } from '../../../src/core/pricing/digest'
import { streamDigest } from '../../../src/core/pricing/digest-stream'
import { decodeDigest, encodeDigest } from '../../../src/core/pricing/digest-format'
import { digestCacheKey, readDigestCache, writeDigestCache } from '../../../src/core/pricing/digest-cache'
import type { ItemBy } from '../../../src/core/pricing/catalog'

const SETTINGS: [ItemBy, string[] | undefined][] = [
  ['item', undefined],
  ['segment', undefined],
  ['item', ['store']],
  [['brand', 'store'], undefined]
]

function digestOf(db: Db, name: string, itemBy: ItemBy, controls?: string[]): PricingDigest {
  const rows = pricingRows(db, name, itemBy)
  return (
    streamDigest(db, name, rows, controls) ??
    digestFor(selectControls(loadDatasetPanel(db, name), controls), rows)
  )
}

/** The header's byte length and where the arrays start (the format's own layout, read back). */
function arraysStart(body: Uint8Array): number {
  const head = new DataView(body.buffer, body.byteOffset).getUint32(4, true)
  return Math.ceil((8 + head) / 8) * 8
}

describe('the pricing digest cache format', () => {
  it('reads back every digest it wrote, equal to the one made from the data', async () => {
    const db = newDb()
    for (let seed = 1; seed <= 20; seed++) {
      await importTable(db, `t${seed}`, drawTable(seed))
      for (const [itemBy, controls] of SETTINGS) {
        const d = digestOf(db, `t${seed}`, itemBy, controls)
        const k = digestCacheKey(db, `t${seed}`, pricingRows(db, `t${seed}`, itemBy), controls)
        expect(k).not.toBeNull()
        const key = k?.key ?? ''
        expect(decodeDigest(encodeDigest(d, key), key), `seed ${seed} ${String(itemBy)}`).toEqual(d)
      }
    }
  })

  it('refuses a body that is damaged, in words that say what is wrong', async () => {
    const db = newDb()
    await importTable(db, 'sales', drawTable(4))
    const d = digestOf(db, 'sales', 'item')
    const body = encodeDigest(d, 'k')
    const at = arraysStart(body)
    const with64 = (byteAt: number, v: number) => {
      const b = body.slice()
      new DataView(b.buffer).setFloat64(byteAt, v, true)
      return b
    }
    const n = d.panel.n
    const keys = d.names.length
    const pad = (bytes: number) => Math.ceil(bytes / 8) * 8
    // origin (u32 × n), start (i32 × keys + 1), then lo (f64 × keys).
    const loAt = at + pad(4 * n) + pad(4 * (keys + 1))
    const cases: [Uint8Array, RegExp][] = [
      [body.slice(0, body.length - 8), /has \d+ bytes where its header's counts make \d+/],
      [Uint8Array.from(body, (x, i) => (i === 0 ? 0 : x)), /does not start with the digest mark/],
      [with64(loAt, Number.NaN), /item 0's price range is NaN/],
      [with64(loAt, -1), /item 0's price range is -1/],
      [with64(loAt, d.hi[0] + 1), /item 0's price range|outside item 0's range/],
      [Uint8Array.from(body, (x, i) => (i === 8 ? 0x78 : x)), /is not valid JSON/]
    ]
    for (const [bad, message] of cases) {
      expect(() => decodeDigest(bad, 'k')).toThrow(/the cached pricing digest is damaged/)
      expect(() => decodeDigest(bad, 'k')).toThrow(message)
    }
    expect(() => decodeDigest(body, 'another key')).toThrow(/written under another dataset stamp or settings/)
    // A price code pointing past the item list: the item array follows the prices.
    const itemAt = loAt + 3 * pad(8 * keys) + 2 * pad(8 * d.prices.values.length)
    const b = body.slice()
    new DataView(b.buffer).setInt32(itemAt, d.panel.itemIds.length, true)
    expect(() => decodeDigest(b, 'k')).toThrow(/item\[0\] is \d+ \(expected an item code below/)
  })
})

describe('the digest cache key', () => {
  it('changes with the dataset (a re-import) and the settings, never for the EdTech sample', async () => {
    const db = newDb()
    await importTable(db, 'sales', drawTable(5))
    const key = (itemBy: ItemBy, controls?: string[]) =>
      digestCacheKey(db, 'sales', pricingRows(db, 'sales', itemBy), controls)?.key
    const first = key('item')
    expect(key('item')).toBe(first)
    expect(new Set([first, key('segment'), key('item', ['store']), key(['brand', 'store'])]).size).toBe(4)
    await importTable(db, 'sales', drawTable(5), true)
    expect(key('item')).not.toBe(first)
    expect(digestCacheKey(db, SAMPLE_DATASET, pricingRows(db, SAMPLE_DATASET), undefined)).toBeNull()
  })

  it('a re-imported dataset is never served the digest of its earlier rows, and its old entry is dropped', async () => {
    const db = newDb()
    await importTable(db, 'sales', drawTable(6))
    const rows = pricingRows(db, 'sales', 'item')
    const k1 = digestCacheKey(db, 'sales', rows) as NonNullable<ReturnType<typeof digestCacheKey>>
    writeDigestCache(db, k1, digestOf(db, 'sales', 'item'))
    expect(readDigestCache(db, k1).digest).toEqual(digestOf(db, 'sales', 'item'))
    await importTable(db, 'sales', drawTable(7), true)
    const k2 = digestCacheKey(db, 'sales', pricingRows(db, 'sales', 'item'))
    expect(k2).not.toBeNull()
    expect(readDigestCache(db, k2 as typeof k1)).toEqual({ digest: null, damaged: null })
    writeDigestCache(db, k2 as typeof k1, digestOf(db, 'sales', 'item'))
    const left = db.prepare<{ key: string; hits: number }>('SELECT key, hits FROM pricing_digest_cache').all()
    expect(left).toEqual([{ key: k2?.key, hits: 0 }])
  })

  it('reports a tampered entry instead of serving it', async () => {
    const db = newDb()
    await importTable(db, 'sales', drawTable(8))
    const k = digestCacheKey(db, 'sales', pricingRows(db, 'sales', 'item')) as NonNullable<
      ReturnType<typeof digestCacheKey>
    >
    writeDigestCache(db, k, digestOf(db, 'sales', 'item'))
    db.prepare('UPDATE pricing_digest_cache SET body = substr(body, 1, length(body) - 8)').run()
    const r = readDigestCache(db, k)
    expect(r.digest).toBeNull()
    expect('damaged' in r && r.damaged).toMatch(/the cached pricing digest is damaged: it has \d+ bytes/)
  })
})
