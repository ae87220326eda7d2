import { describe, expect, it } from 'vitest'
import { newDb } from '../../helpers'
import { importCsv } from '../../../src/core/data/import/import-csv'
import { loadDatasetPanel } from '../../../src/core/elasticity/panel'

const ROWS = 2_000_000

/** A CSV of `rows` weekly sales lines (item, date, price, units), produced in chunks so the test never holds it whole. */
async function* salesCsv(rows: number): AsyncIterable<Uint8Array> {
  const enc = new TextEncoder()
  yield enc.encode('sku,week,price,units\n')
  const day0 = Date.UTC(2020, 0, 6)
  const weeks = Array.from({ length: 104 }, (_, w) =>
    new Date(day0 + w * 7 * 86_400_000).toISOString().slice(0, 10)
  )
  let buf: string[] = []
  for (let i = 0; i < rows; i++) {
    buf.push(`S${i % 5000},${weeks[i % 104]},${10 + (i % 7)},${20 - (i % 7)}`)
    if (buf.length === 50_000) {
      yield enc.encode(buf.join('\n') + '\n')
      buf = []
    }
  }
  if (buf.length) yield enc.encode(buf.join('\n') + '\n')
}

describe('dataset panels at scale', () => {
  // Issue 19: `Math.min(...days)` overflowed the call stack at ≥ 500k rows with a date period column.
  it(`loads a ${ROWS.toLocaleString('en')}-row dataset with a date period column`, async () => {
    const db = newDb()
    await importCsv(db, salesCsv(ROWS), 'big.csv', {
      target: {
        kind: 'dataset',
        name: 'big',
        roles: { item: 'sku', period: 'week', price: 'price', quantity: 'units' }
      },
      columns: [
        { source: 'sku', target: 'sku', type: 'text' },
        { source: 'week', target: 'week', type: 'date' },
        { source: 'price', target: 'price', type: 'number' },
        { source: 'units', target: 'units', type: 'integer' }
      ]
    })
    const p = loadDatasetPanel(db, 'big')
    expect(p.n).toBe(ROWS)
    // The trend control counts weeks from the earliest date: 0 … 103.
    const trend = p.controls.find((c) => c.name === 'week (trend)')
    let lo = Infinity
    let hi = -Infinity
    for (const w of trend?.values ?? []) {
      if (w < lo) lo = w
      if (w > hi) hi = w
    }
    expect([lo, hi]).toEqual([0, 103])
    db.close()
  }, 240_000) // ~13 s on a quiet machine; generous for a loaded one
})
