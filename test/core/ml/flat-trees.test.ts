import { describe, expect, it } from 'vitest'
import {
  fitGbm,
  gbmFromJson,
  gbmToJson,
  predictGbm,
  DEFAULT_GBM,
  type GbmModel
} from '../../../src/core/ml/gbm'
import { fitForest, predictForest, DEFAULT_FOREST } from '../../../src/core/ml/forest'
import { flatten, predictFlat } from '../../../src/core/ml/flat-trees'
import { predictTree, type Tree } from '../../../src/core/ml/tree'
import { Rng } from '../../../src/core/util/rng'

/** Continuous, few-valued, integer and constant features; a share of rows with missing or extreme values. */
function data(n: number, seed: number, odd = 0) {
  const rng = new Rng(seed)
  const F = 5
  const X = new Float64Array(n * F)
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const o = i * F
    X[o] = rng.normal()
    X[o + 1] = rng.int(3)
    X[o + 2] = rng.int(500)
    X[o + 3] = 7
    X[o + 4] = Math.exp(rng.normal())
    y[i] = 2 * X[o] + X[o + 1] + Math.sin(X[o + 2] / 40) + Math.log(X[o + 4]) + 0.3 * rng.normal()
  }
  for (let i = 0; i < odd; i++) X[rng.int(n) * F + rng.int(F)] = [NaN, Infinity, -Infinity, -0, 1e12][i % 5]
  return { X, y, F, n }
}

/** The former prediction: every row through each tree in turn, on raw values. */
function treeByTree(trees: Tree[], X: Float64Array, F: number, n: number, start: number): Float64Array {
  const out = new Float64Array(n).fill(start)
  for (const t of trees) for (let i = 0; i < n; i++) out[i] += predictTree(t, X, F, i)
  return out
}

/** Row counts that take the WebAssembly path (≥ 512) and the JavaScript one, across block edges. */
const SIZES = [1, 7, 300, 2048, 5003]

describe('flattened tree ensembles', () => {
  it('boosting predicts the same numbers to the bit as tree by tree, missing and infinite values too', () => {
    for (const seed of [1, 2, 3]) {
      const fit = data(6000, seed)
      const m = fitGbm(fit.X, fit.y, fit.F, { ...DEFAULT_GBM, nEstimators: 40, seed })
      for (const n of SIZES) {
        const other = data(n, seed + 50, Math.ceil(n / 5))
        const want = treeByTree(m.trees, other.X, other.F, n, m.base)
        expect(predictGbm(m, other.X, n)).toEqual(want)
      }
    }
  })

  it('a forest of deep trees (and one restored from JSON) predicts the same numbers as tree by tree', () => {
    for (const seed of [4, 5]) {
      const fit = data(5000, seed)
      const f = fitForest(fit.X, fit.y, fit.F, { ...DEFAULT_FOREST, nEstimators: 8, maxDepth: 14, seed })
      expect(Math.max(...f.trees.map((t) => t.feature.length))).toBeGreaterThan(500)
      for (const n of SIZES) {
        const other = data(n, seed + 60, Math.ceil(n / 5))
        const want = treeByTree(f.trees, other.X, other.F, n, 0).map((v) => v / f.trees.length)
        expect(predictForest(f, other.X, n)).toEqual(want)
      }
    }
    const fit = data(3000, 9)
    const g = fitGbm(fit.X, fit.y, fit.F, { ...DEFAULT_GBM, nEstimators: 20 })
    // JSON stores an open last edge (Infinity) as 1e308: the rows above it still go right.
    const restored = gbmFromJson(
      JSON.parse(JSON.stringify(gbmToJson(g))) as Parameters<typeof gbmFromJson>[0]
    )
    const other = data(3000, 10, 600)
    expect(predictGbm(restored, other.X, 3000)).toEqual(
      treeByTree(restored.trees, other.X, fit.F, 3000, g.base)
    )
  })

  it('a feature with more than 255 thresholds (two-byte codes) and a NaN threshold predict exactly', () => {
    // A chain of 300 splits on feature 0 at 0, 1, …, 299 (each node's right child splits on), then a NaN split.
    const K = 300
    const size = 2 * K + 3
    const t: Tree = {
      feature: new Int32Array(size).fill(-1),
      threshold: new Float64Array(size),
      left: new Int32Array(size).fill(-1),
      right: new Int32Array(size).fill(-1),
      value: Float64Array.from({ length: size }, (_, k) => k * 0.5 + 0.25)
    }
    let node = 0
    for (let k = 0; k < K; k++) {
      t.feature[node] = 0
      t.threshold[node] = k
      t.left[node] = 2 * k + 1
      t.right[node] = 2 * k + 2
      node = 2 * k + 2
    }
    t.feature[node] = 1
    t.threshold[node] = NaN
    t.left[node] = size - 1
    t.right[node] = size - 2
    const m: GbmModel = { kind: 'gbm', features: 2, base: 0.5, learningRate: 1, trees: [t, t] }
    expect(flatten(m.trees, 2).maxCode).toBeGreaterThan(255)
    const rng = new Rng(3)
    for (const n of [5, 2000]) {
      const X = Float64Array.from(
        { length: 2 * n },
        () => [NaN, rng.next() * 320 - 10, rng.int(310)][rng.int(3)]
      )
      expect(predictGbm(m, X, n)).toEqual(treeByTree(m.trees, X, 2, n, 0.5))
    }
  })

  it('lays out an ensemble once and codes only the features its splits use', () => {
    const fit = data(3000, 11)
    const m = fitGbm(fit.X, fit.y, fit.F, { ...DEFAULT_GBM, nEstimators: 10 })
    const flat = flatten(m.trees, fit.F)
    expect(flatten(m.trees, fit.F)).toBe(flat)
    // Feature 3 is constant: no split reads it, so no row's value of it is ever coded.
    expect(Array.from(flat.columns)).not.toContain(3)
    const X = Float64Array.from(fit.X)
    for (let i = 0; i < fit.n; i++) X[i * fit.F + 3] = Number.NaN
    expect(predictFlat(flat, X, fit.F, fit.n, m.base)).toEqual(predictGbm(m, fit.X, fit.n))
  })
})
