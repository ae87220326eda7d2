import { describe, expect, it } from 'vitest'
import { catalogColumns, catalogFromColumns } from '../../../src/core/pricing/catalog-columns'
import type { CatalogItem } from '../../../src/core/pricing/catalog'
import { Rng } from '../../../src/core/util/rng'

/** Every field set: a field added to CatalogItem fails to compile here until it is added, then is checked below. */
const full = {
  id: 'a|1',
  name: 'Item ā',
  segment: 'Alder',
  tier: 'gold',
  line: 'line 1',
  current_price: 4.34,
  observed_min: 3.35,
  observed_max: 4.64,
  reference_price: 4.1,
  reference_kind: 'competitor',
  cost: 1.2,
  cost_source: 'cost_table',
  age_weeks: 12,
  row: 103,
  rows: [103, 207],
  recent_quantity: 14.88
} satisfies Required<CatalogItem>

function drawn(seed: number, n: number): CatalogItem[] {
  const r = new Rng(seed)
  return Array.from({ length: n }, (_, i) => {
    const p = r.uniform(0.5, 50) / 3
    const it: CatalogItem = {
      id: String(i),
      name: `item ${i}`,
      segment: ['A', 'B', 'C'][i % 3],
      tier: i % 4 ? null : 'T',
      line: i % 5 ? null : `L${i % 7}`,
      current_price: p,
      observed_min: p * r.uniform(0.5, 1),
      observed_max: p * r.uniform(1, 2),
      reference_price: p * r.uniform(0.8, 1.2),
      reference_kind: i % 2 ? 'competitor' : 'category_average',
      cost: i % 3 ? null : p * r.uniform(0.2, 0.6),
      age_weeks: i % 6 ? null : i,
      row: i * 52
    }
    if (i % 3 === 0) it.cost_source = 'cost_share'
    if (i % 11 === 0) it.rows = [i * 52, i * 52 + 1]
    if (i % 2 === 0) it.recent_quantity = r.uniform(0, 100)
    return it
  })
}

describe('catalog items as columns, to cross to a worker', () => {
  it('come back with the same fields and bits, nulls and absent fields as they were (3 seeds)', () => {
    for (const seed of [1, 2, 3]) {
      const items = drawn(seed, 400)
      const back = catalogFromColumns(structuredClone(catalogColumns(items)))
      expect(back).toEqual(items)
      back.forEach((b, i) => {
        expect(Object.keys(b).sort()).toEqual(Object.keys(items[i]).sort())
        expect(Object.is(b.observed_max, items[i].observed_max)).toBe(true)
      })
    }
  })

  it('carry every field of an item that has them all', () => {
    const [back] = catalogFromColumns(catalogColumns([full]))
    expect(back).toEqual(full)
    expect(Object.keys(back).sort()).toEqual(Object.keys(full).sort())
  })

  it('refuse a NaN where NaN stands for null, instead of changing the value on the way', () => {
    expect(() => catalogColumns([{ ...full, cost: NaN }])).toThrow(/NaN/)
  })
})
