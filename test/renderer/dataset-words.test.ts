import { describe, expect, it } from 'vitest'
import { curveAxes, pooledToward } from '../../src/renderer/src/pages/elasticity/dataset-words'

// The demand chart read "enrollments / week" and "mean price (tokens)" on a juice panel, and the
// recommended card "pooled toward their all" on a dataset without segments (issue 28).
describe("the elasticity page in the dataset's own words", () => {
  it("names the demand chart's axes after the dataset's columns", () => {
    expect(curveAxes({ price: 'price', quantity: 'units', period: 'week' })).toEqual({
      price: 'mean price',
      quantity: 'units / week',
      revenue: 'revenue / week'
    })
    expect(curveAxes({ price: 'price', quantity: 'volume', period: null }).quantity).toBe('volume / row')
    expect(curveAxes({ price: 'price (tokens)', quantity: 'enrollments', period: 'week' })).toMatchObject({
      price: 'mean price (tokens)',
      quantity: 'enrollments / week'
    })
  })

  it('pools per-item elasticities toward the segment, or the overall estimate without one', () => {
    expect(pooledToward('brand')).toBe('their brand')
    expect(pooledToward('all')).toBe('the overall estimate')
  })
})
