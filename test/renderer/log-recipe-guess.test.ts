import { describe, expect, it } from 'vitest'
import { guessChoices, recipeOf } from '../../src/renderer/src/components/import/guessRecipe'
import { transactionRecipeSchema } from '../../src/shared/transactions'

describe('the Import dialog prefills a sales log’s roles from its column names', () => {
  it('a till export: store + SKU, sold_at, unit_price (not the list price), units, brand, promo flags, cost', () => {
    const c = guessChoices([
      'sold_at',
      'Store',
      'sku',
      'brand',
      'units',
      'unit_price',
      'list_price',
      'on_promo',
      'display',
      'unit_cost',
      'basket_id'
    ])
    expect(c).toEqual({
      itemBy: ['Store', 'sku'],
      time: 'sold_at',
      bucket: 'week',
      weekStart: 'monday',
      price: 'unit_price',
      listPrice: 'list_price',
      quantity: 'units',
      segments: ['brand'],
      features: ['on_promo', 'display'],
      cost: 'unit_cost'
    })
    const { recipe } = recipeOf(c)
    expect(transactionRecipeSchema.safeParse(recipe).success).toBe(true)
  })

  it('names nothing it cannot see, and says which choice is still missing', () => {
    const c = guessChoices(['a', 'b', 'c'])
    expect([c.itemBy, c.time, c.price, c.quantity, c.cost]).toEqual([[], '', '', '', ''])
    expect(recipeOf(c).missing).toMatch(/item/)
    expect(recipeOf({ ...c, itemBy: ['a'], time: 'b', price: 'c' }).missing).toMatch(/units/)
  })

  it('a day-first time column carries its date format into the recipe', () => {
    const c = { ...guessChoices(['date', 'sku', 'qty', 'price']) }
    expect(c.time).toBe('date')
    expect(recipeOf(c, 'DD/MM/YYYY').recipe?.date_format).toBe('DD/MM/YYYY')
    expect(recipeOf(c, 'YYYY-MM-DD').recipe?.date_format).toBeUndefined()
  })
})
