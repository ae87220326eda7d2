import { binMatrix } from './binning'
import { createTreeArena } from './kernels'
import { flatten, predictFlat } from './flat-trees'
import { growTree, treeFromJson, treeToJson, type Tree } from './tree'
import { Rng } from '../util/rng'

export interface ForestParams {
  nEstimators: number
  maxDepth: number
  minSamplesLeaf: number
  /** Share of features each tree may use (drawn per tree). */
  maxFeatures: number
  /** Share of rows in each bootstrap sample (drawn with replacement). */
  maxSamples: number
  /** Histogram bins per feature: fewer bins make deep trees cheaper, at a small cost in split precision. */
  maxBins: number
  seed: number
}

export const DEFAULT_FOREST: ForestParams = {
  nEstimators: 20,
  maxDepth: 14,
  minSamplesLeaf: 5,
  // All features, like scikit-learn's regression default: trees that cannot see price would flatten the demand curve.
  maxFeatures: 1,
  maxSamples: 0.5,
  maxBins: 64,
  seed: 1
}

export interface ForestModel {
  kind: 'rf'
  features: number
  trees: Tree[]
}

/** Random forest on the histogram tree learner: bootstrap rows, a random feature subset at each split, mean of trees. */
export function fitForest(
  X: Float64Array,
  y: Float64Array,
  F: number,
  params: ForestParams,
  onTree?: (k: number) => void
): ForestModel {
  const n = y.length
  const m = Math.max(1, Math.round(n * params.maxSamples))
  // Depth-first growth keeps at most maxDepth + 3 histograms alive.
  const arena = createTreeArena(n, F, m, params.maxDepth + 4)
  const data = binMatrix(X, n, F, params.maxBins, arena)
  const rng = new Rng(params.seed)
  const grad = arena ? arena.grad : new Float32Array(n)
  for (let i = 0; i < n; i++) grad[i] = -y[i]
  const trees: Tree[] = []
  for (let k = 0; k < params.nEstimators; k++) {
    const rows = new Uint32Array(m)
    for (let i = 0; i < m; i++) rows[i] = rng.int(n)
    // Ascending row order: the histogram loop then reads memory front to back.
    rows.sort()
    trees.push(
      growTree(
        data,
        grad,
        rows,
        {
          maxDepth: params.maxDepth,
          minSamplesLeaf: params.minSamplesLeaf,
          lambda: 0,
          featureFraction: params.maxFeatures,
          minGain: 1e-12
        },
        rng
      )
    )
    onTree?.(k)
  }
  return { kind: 'rf', features: F, trees }
}

export function predictForest(m: ForestModel, X: Float64Array, n: number): Float64Array {
  const out = predictFlat(flatten(m.trees, m.features), X, m.features, n, 0)
  for (let i = 0; i < n; i++) out[i] /= m.trees.length
  return out
}

export function forestToJson(m: ForestModel): unknown {
  return { ...m, trees: m.trees.map(treeToJson) }
}

export function forestFromJson(j: { features: number; trees: number[][][] }): ForestModel {
  return { kind: 'rf', features: j.features, trees: j.trees.map(treeFromJson) }
}
