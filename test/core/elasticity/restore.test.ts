import { describe, expect, it } from 'vitest'
import { syntheticPanel } from './synthetic'
import { fitModel } from '../../../src/core/elasticity/models'
import { MODEL_KINDS } from '../../../src/shared/elasticity'
import { restoreModel } from '../../../src/core/elasticity/restore'
import { latestRows, predictDemand } from '../../../src/core/elasticity/predict'

describe('models saved in the registry', () => {
  const panel = syntheticPanel({ elasticity: -1.5, items: 60, periods: 12 })
  const rows = Uint32Array.from({ length: panel.n }, (_, i) => i)

  for (const kind of MODEL_KINDS) {
    it(`${kind}: a restored model predicts exactly what the trained one did`, () => {
      const m = fitModel(kind, panel, rows, { seed: 1 })
      const json = JSON.parse(JSON.stringify({ kind, model: m.serialize() }))
      const back = restoreModel(json)
      expect(Array.from(back.predict(panel, rows, { priceFactor: 1.1 }))).toEqual(
        Array.from(m.predict(panel, rows, { priceFactor: 1.1 }))
      )
    })
  }

  it('predicts demand at asked prices from each item’s latest conditions', () => {
    const m = fitModel('ols', panel, rows, { seed: 1 })
    const model = restoreModel({ kind: 'ols', model: m.serialize() })
    const latest = latestRows(panel)
    const [cheap, dear] = predictDemand(panel, model, latest, [
      { item: 'item-3', price: 15 },
      { item: 'item-3', price: 30 }
    ])
    expect(dear.quantity).toBeLessThan(cheap.quantity)
    // A constant-elasticity model: doubling the price scales demand by about 2^ε.
    expect(Math.log(dear.quantity / cheap.quantity) / Math.log(2)).toBeCloseTo(-1.5, 0)
    expect(dear.revenue).toBeCloseTo(dear.quantity * 30, 9)
    expect(() => predictDemand(panel, model, latest, [{ item: 'nope', price: 1 }])).toThrow(
      /unknown item "nope"/
    )
  })
})
