import { describe, expect, it } from 'vitest'
import { packRecords, unpackRecords } from '../../../src/core/util/records'
import { Rng } from '../../../src/core/util/rng'

interface Row {
  id: string
  price: number
  cost: number | null
  tier: string | null
  rows?: number[]
  share?: number
}

describe('records packed as columns to cross a thread', () => {
  it('come back with the same fields, order, bits, nulls and absent fields (random rows, 4 seeds)', () => {
    for (const seed of [1, 2, 3, 4]) {
      const r = new Rng(seed)
      const rows: Row[] = Array.from({ length: 500 }, (_, i) => {
        const row: Row = {
          id: `item ${i}`,
          // Every kind of double: tiny, huge, negative zero, and the last bits of a division.
          price: [1e-300, 1.7e308, -0, 0.1 + 0.2, r.uniform(0, 50) / 3][i % 5],
          cost: r.uniform(0, 1) < 0.3 ? null : r.uniform(0, 10),
          tier: r.uniform(0, 1) < 0.5 ? null : 'gold'
        }
        if (i % 7 === 0) row.rows = [i, i + 1]
        if (i % 3 === 0) row.share = r.uniform(0, 1)
        return row
      })
      const packed = structuredClone(packRecords(rows))
      const back = unpackRecords<Row>(packed)
      expect(back).toEqual(rows)
      back.forEach((b, i) => {
        expect(Object.keys(b)).toEqual(Object.keys(rows[i]))
        expect(Object.is(b.price, rows[i].price)).toBe(true)
      })
      // Numeric fields travel as typed arrays, the others as values.
      const kinds = packed.columns.map((c) => [c.key, 'numbers' in c])
      expect(kinds).toEqual([
        ['id', false],
        ['price', true],
        ['cost', true],
        ['tier', false],
        ['rows', false],
        ['share', true]
      ])
    }
  })

  it('packs nothing into nothing', () => {
    expect(unpackRecords(packRecords([]))).toEqual([])
  })
})
