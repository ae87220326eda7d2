import { describe, expect, it } from 'vitest'
import { fitGbm, predictGbm, DEFAULT_GBM } from '../../../src/core/ml/gbm'
import { fitForest, predictForest, DEFAULT_FOREST } from '../../../src/core/ml/forest'
import { binMatrix, binRows } from '../../../src/core/ml/binning'
import { growTree, predictBinned, predictTree } from '../../../src/core/ml/tree'
import { Rng } from '../../../src/core/util/rng'
import { rSquared } from '../../../src/core/ml/r-squared'

function data(n: number, seed: number) {
  const rng = new Rng(seed)
  const F = 4
  const X = new Float64Array(n * F)
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < F; f++) X[i * F + f] = rng.normal()
    y[i] = (X[i * F] > 0 ? 3 : -1) + Math.sin(2 * X[i * F + 1]) + 0.1 * rng.normal()
  }
  return { X, y, F, n }
}

describe('histogram tree learners', () => {
  const train = data(4000, 1)
  const test = data(2000, 2)

  it('bins values so that bin order follows value order', () => {
    const b = binMatrix(train.X, train.n, train.F, 32)
    for (let i = 1; i < 200; i++) {
      const x0 = train.X[(i - 1) * train.F]
      const x1 = train.X[i * train.F]
      const b0 = b.bins[(i - 1) * train.F]
      const b1 = b.bins[i * train.F]
      if (x0 < x1) expect(b0).toBeLessThanOrEqual(b1)
      expect(x1).toBeLessThanOrEqual(b.edges[0][b1])
    }
  })

  it('a tree sends a row the same way from its bin codes as from its values, missing and infinite ones too', () => {
    for (const seed of [3, 4, 5]) {
      const fit = data(3000, seed)
      const other = data(1000, seed + 100)
      // Values the fit never saw: missing, infinite, beyond its range.
      for (let i = 0; i < 40; i++)
        other.X[i * other.F + (i % other.F)] = [NaN, Infinity, -Infinity, 1e9][i % 4]
      const b = binMatrix(fit.X, fit.n, fit.F)
      const grad = Float32Array.from(fit.y, (v) => -v)
      const rows = Uint32Array.from({ length: fit.n }, (_, i) => i)
      const t = growTree(
        b,
        grad,
        rows,
        { maxDepth: 8, minSamplesLeaf: 5, lambda: 1, featureFraction: 1, minGain: 0 },
        null
      )
      expect(t.feature.length).toBeGreaterThan(50)
      for (let i = 0; i < fit.n; i++)
        expect(predictBinned(t, b.bins, fit.F, i)).toBe(predictTree(t, fit.X, fit.F, i))
      const codes = binRows(other.X, other.n, other.F, b.edges)
      for (let i = 0; i < other.n; i++)
        expect(predictBinned(t, codes, other.F, i)).toBe(predictTree(t, other.X, other.F, i))
    }
  })

  it('gradient boosting learns a step and a curve out of sample', () => {
    const m = fitGbm(train.X, train.y, train.F, { ...DEFAULT_GBM, nEstimators: 150, earlyStoppingRounds: 0 })
    expect(rSquared(test.y, predictGbm(m, test.X, test.n))).toBeGreaterThan(0.97)
  })

  it('early stopping keeps the best round on the validation rows', () => {
    const m = fitGbm(
      train.X,
      train.y,
      train.F,
      { ...DEFAULT_GBM, nEstimators: 400, learningRate: 0.3, earlyStoppingRounds: 10 },
      { X: test.X, y: test.y }
    )
    expect(m.trees.length).toBeLessThan(400)
  })

  it('random forest learns the same function and is reproducible from its seed', () => {
    const a = fitForest(train.X, train.y, train.F, { ...DEFAULT_FOREST, nEstimators: 20 })
    const b = fitForest(train.X, train.y, train.F, { ...DEFAULT_FOREST, nEstimators: 20 })
    const pa = predictForest(a, test.X, test.n)
    expect(rSquared(test.y, pa)).toBeGreaterThan(0.95)
    expect(predictForest(b, test.X, test.n)).toEqual(pa)
  })
})
