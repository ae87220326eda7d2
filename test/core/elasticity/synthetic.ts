import type { Panel } from '../../../src/core/elasticity/panel'
import { Rng } from '../../../src/core/util/rng'

/**
 * A panel with a known answer: log λ = log 40 + ε·log(p/20) + 0.4·quality + season,
 * quantity ~ Poisson(λ); prices rise with quality (confounding) and vary over time.
 * With hiddenTrait, an unmeasured item trait h adds h to log price and 2h to log λ.
 */
export function syntheticPanel(opts: {
  elasticity: number
  items?: number
  periods?: number
  seed?: number
  /** Strength of an UNOBSERVED item trait that raises both price and demand (confounding no control can fix). */
  hiddenTrait?: number
}): Panel {
  const items = opts.items ?? 240
  const periods = opts.periods ?? 26
  const rng = new Rng(opts.seed ?? 1)
  const n = items * periods
  const item = new Int32Array(n)
  const segment = new Int32Array(n)
  const price = new Float64Array(n)
  const quantity = new Float64Array(n)
  const quality = new Float64Array(n)
  const week = new Float64Array(n)
  let k = 0
  for (let i = 0; i < items; i++) {
    const qz = rng.normal()
    const h = (opts.hiddenTrait ?? 0) * rng.normal()
    for (let t = 0; t < periods; t++) {
      const p = Math.round(20 * Math.exp(0.3 * qz + h + 0.2 * rng.normal()) * 100) / 100
      const lambda = Math.exp(
        Math.log(40) +
          opts.elasticity * Math.log(p / 20) +
          0.4 * qz +
          2 * h +
          0.1 * Math.sin((2 * Math.PI * t) / periods)
      )
      item[k] = i
      segment[k] = i % 3
      price[k] = p
      quantity[k] = rng.poisson(lambda)
      quality[k] = qz
      week[k] = t
      k++
    }
  }
  const refPrice = new Float64Array(n)
  for (let t = 0; t < periods; t++)
    for (let s = 0; s < 3; s++) {
      let sum = 0
      let c = 0
      for (let j = 0; j < n; j++)
        if (week[j] === t && segment[j] === s) {
          sum += price[j]
          c++
        }
      for (let j = 0; j < n; j++) if (week[j] === t && segment[j] === s) refPrice[j] = sum / c
    }
  return {
    dataset: 'synthetic',
    version: 1,
    n,
    item,
    itemIds: Array.from({ length: items }, (_, i) => `item-${i}`),
    segment,
    segments: ['A', 'B', 'C'],
    segmentName: 'segment',
    price,
    quantity,
    refPrice,
    controls: [
      { name: 'segment', kind: 'categorical', values: Float64Array.from(segment), levels: ['A', 'B', 'C'] },
      { name: 'quality', kind: 'numeric', values: quality },
      { name: 'week', kind: 'cyclic', values: week, period: periods }
    ],
    truth: { A: opts.elasticity, B: opts.elasticity, C: opts.elasticity },
    warnings: []
  }
}
