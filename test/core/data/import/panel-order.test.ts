import { describe, expect, it } from 'vitest'
import { PanelGroupBy } from '../../../../src/core/data/import/aggregate/group-by'
import { transactionRecipeSchema } from '../../../../src/shared/transactions'
import { rng } from './reference/till-log'

describe("the panel's row order", () => {
  for (const seed of [1, 2, 3])
    it(`seed ${seed}: items in order of first appearance, each item's periods in order (short and long histories, any line order)`, () => {
      const r = rng(seed)
      const g = new PanelGroupBy(
        transactionRecipeSchema.parse({
          item_by: ['sku'],
          time: 't',
          bucket: 'day',
          quantity: 'q',
          price: 'p'
        })
      )
      // Item k has 1 + 40k days (1 … 201: both the short-run and the long-run ordering), in shuffled order.
      for (let line = 2; line < 6000; line++) {
        const k = Math.floor(r() * 6)
        const day = 20000 + Math.floor(r() * (1 + 40 * k))
        g.add({
          line,
          item: [`K${k}`],
          segments: [],
          day,
          units: 1,
          price: 2,
          listPrice: null,
          flags: [],
          cost: null
        })
      }
      const cells = g.sortedCells()
      const order = g.items.values.map((v) => v[0])
      const expected = [...cells].sort(
        (a, b) => order.indexOf(a.item[0]) - order.indexOf(b.item[0]) || a.day - b.day
      )
      expect(cells.map((c) => [c.item[0], c.day])).toEqual(expected.map((c) => [c.item[0], c.day]))
      expect(new Set(cells.map((c) => `${c.item[0]} ${c.day}`)).size).toBe(cells.length)
      expect(cells.filter((c) => c.item[0] === 'K5').length).toBeGreaterThan(64)
    })
})
