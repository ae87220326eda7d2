import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { recentLevels } from '../../../src/core/pricing/catalog'
import type { Panel } from '../../../src/core/elasticity/panel'

/** The former rule, written plainly: every period of every item in a Map, the latest four averaged. */
function reference(quantity: number[], keys: number[], periods: number[], nItems: number): number[] {
  const byItem: Map<number, number>[] = Array.from({ length: nItems }, () => new Map())
  keys.forEach((it, i) => byItem[it].set(periods[i], (byItem[it].get(periods[i]) ?? 0) + quantity[i]))
  return byItem.map((m) => {
    const ps = [...m.keys()].sort((a, b) => b - a).slice(0, 4)
    return ps.length ? ps.reduce((s, p) => s + (m.get(p) as number), 0) / ps.length : 0
  })
}

describe('recent levels in fixed slots per item', () => {
  it('equal the mean over every period kept in full, to the last bit, in any row order', () => {
    const row = fc.record({
      item: fc.integer({ min: 0, max: 5 }),
      period: fc.integer({ min: 0, max: 12 }),
      quantity: fc.double({ min: 0, max: 1e4, noNaN: true })
    })
    fc.assert(
      fc.property(fc.array(row, { maxLength: 300 }), (rows) => {
        const nItems = 7 // one item never appears: its level is 0
        const quantity = rows.map((r) => r.quantity)
        const keys = rows.map((r) => r.item)
        const periods = rows.map((r) => r.period)
        const panel = { n: rows.length, quantity: Float64Array.from(quantity) } as unknown as Panel
        const got = recentLevels(panel, Int32Array.from(keys), nItems, (i) => periods[i])
        expect(Array.from(got)).toEqual(reference(quantity, keys, periods, nItems))
      }),
      { numRuns: 300, seed: 33 }
    )
  })
})
