import { binMatrix, binRows } from './binning'
import { createTreeArena, type TreeArena } from './kernels'
import { flatten, predictFlat } from './flat-trees'
import { growTree, predictBinned, treeFromJson, treeToJson, type LeafPairFn, type Tree } from './tree'
import { Rng } from '../util/rng'

export interface GbmParams {
  nEstimators: number
  learningRate: number
  maxDepth: number
  minSamplesLeaf: number
  lambda: number
  /** Share of rows drawn (without replacement) for each tree. */
  subsample: number
  /** Stop when the validation loss has not improved for this many rounds (0 = off). */
  earlyStoppingRounds: number
  seed: number
  /** squared: regression. logistic: y in {0, 1}, predictions are log-odds (first-order steps on the log loss). */
  loss?: 'squared' | 'logistic'
}

export const DEFAULT_GBM: GbmParams = {
  nEstimators: 200,
  learningRate: 0.2,
  maxDepth: 6,
  minSamplesLeaf: 20,
  lambda: 1,
  subsample: 0.7,
  earlyStoppingRounds: 15,
  seed: 1
}

export interface GbmModel {
  kind: 'gbm'
  features: number
  base: number
  learningRate: number
  trees: Tree[]
}

/**
 * Gradient boosting for squared error on the histogram tree learner: shrinkage,
 * depth limit, row subsampling, and early stopping on the given validation rows
 * (rows of X not used for fitting), keeping the best round.
 */
export function fitGbm(
  X: Float64Array,
  y: Float64Array,
  F: number,
  params: GbmParams,
  valid?: { X: Float64Array; y: Float64Array },
  onRound?: (round: number) => void
): GbmModel {
  const n = y.length
  fitsStarted++
  // Depth-first growth keeps at most maxDepth + 3 histograms alive. Large fits share their jobs with the helper
  // thread when one is installed (hist-threads.ts): the same trees, built on two cores. Without subsampling
  // every row is in every tree: the predictions and gradients live in the arena too (BoostScores), updated
  // from the tree's leaves on both threads; a leaf is numbered in 16 bits there.
  const sampled = Math.max(1, Math.round(n * params.subsample)) < n
  const leaves = !sampled && params.maxDepth <= 16 ? Math.min(2 ** params.maxDepth, n) : 0
  const arena = createTreeArena(n, F, n, params.maxDepth + 4, {
    share: n * F >= SHARED_FIT_CELLS,
    leaves
  })
  try {
    return boost(X, y, F, params, arena, valid, onRound)
  } finally {
    arena?.close()
  }
}

let fitsStarted = 0
/** Boosting fits started in this thread (a warm-up has nothing left to do once one has). */
export function boostingFitsStarted(): number {
  return fitsStarted
}

/** Below this many rows × features a fit stays on its own thread (the hand-offs would outweigh the help). */
const SHARED_FIT_CELLS = 200_000

function boost(
  X: Float64Array,
  y: Float64Array,
  F: number,
  params: GbmParams,
  arena: TreeArena | null,
  valid?: { X: Float64Array; y: Float64Array },
  onRound?: (round: number) => void
): GbmModel {
  const n = y.length
  const data = binMatrix(X, n, F, undefined, arena)
  const rng = new Rng(params.seed)
  const logistic = params.loss === 'logistic'
  let base = 0
  for (let i = 0; i < n; i++) base += y[i]
  base /= n
  if (logistic) {
    const r = Math.min(0.999, Math.max(0.001, base))
    base = Math.log(r / (1 - r))
  }
  const take = Math.max(1, Math.round(n * params.subsample))
  const sampled = take < n
  const scores = !sampled && arena?.scores ? arena.scores : null
  if (scores) {
    scores.y.set(y)
    // The first step adds leaf 0's value, 0, to every row: the base itself.
    scores.vals[0] = 0
  }
  const pred = scores ? scores.pred.fill(base) : new Float64Array(n).fill(base)
  const grad = arena ? arena.grad : new Float32Array(n)
  const nv = valid ? valid.y.length : 0
  const vpred = new Float64Array(nv).fill(base)
  // Validation rows coded once with the fit's edges: each round then walks the new tree on bytes.
  const vbins = valid && params.earlyStoppingRounds > 0 ? binRows(valid.X, nv, F, data.edges) : null
  const trees: Tree[] = []
  let best = Infinity
  let bestRound = 0
  const draw = sampled ? new Sampler(n, take) : null
  // With scores the row list is the arena's own, reset by each step.
  const rowList = scores && arena ? arena.rows.subarray(0, n) : null
  // Otherwise every row in order, made only when used (2.3 MB of fresh memory at 586k rows: page faults).
  const everyRow = rowList ?? (draw ? new Uint32Array(0) : Uint32Array.from({ length: n }, (_, i) => i))
  const lr = params.learningRate
  // Rows of the sample get their leaf value straight from the tree's final partition (with scores: the leaf's
  // value and rows' positions are recorded, the next step adds them). One closure for the whole fit: a new
  // one every tree was a new call target for growTree each time (a deopt in a fresh process).
  let nLeaves = 0
  const onLeaf = scores
    ? (value: number, list: Uint32Array, start: number, end: number) => {
        const j = nLeaves++
        scores.vals[j] = value * lr
        scores.leaf(j, start, end, list)
      }
    : (value: number, r: Uint32Array, start: number, end: number) => {
        const v = value * lr
        for (let k = start; k < end; k++) pred[r[k]] += v
      }
  // A last-level node's two leaves, its rows left unpartitioned: the mark kernel tells them apart by code.
  const onLeafPair: LeafPairFn | undefined = scores
    ? (left, right, feature, bin, start, end, list) => {
        const j = nLeaves
        nLeaves += 2
        scores.vals[j] = left * lr
        scores.vals[j + 1] = right * lr
        scores.leafPair(j, feature, bin, start, end, list)
      }
    : undefined
  for (let m = 0; m < params.nEstimators; m++) {
    // The last tree's leaves into the predictions, and the gradients (with their root sum for squared loss).
    const rootGradSum = scores ? scores.step(!logistic) : NaN
    if (logistic) for (let i = 0; i < n; i++) grad[i] = 1 / (1 + Math.exp(-pred[i])) - y[i]
    else if (!scores) for (let i = 0; i < n; i++) grad[i] = pred[i] - y[i]
    const rows = draw ? draw.next(rng) : everyRow
    nLeaves = 0
    const tree = growTree(
      data,
      grad,
      rows,
      {
        maxDepth: params.maxDepth,
        minSamplesLeaf: params.minSamplesLeaf,
        lambda: params.lambda,
        featureFraction: 1,
        minGain: 1e-12,
        rootGradSum: Number.isNaN(rootGradSum) ? undefined : rootGradSum
      },
      null,
      onLeaf,
      onLeafPair
    )
    scores?.mark(n)
    for (let k = 0; k < tree.value.length; k++) tree.value[k] *= lr
    trees.push(tree)
    // The other rows through the tree on their bin codes (x ≤ threshold ⇔ code ≤ split bin).
    if (draw) {
      const inSample = draw.inSample
      for (let i = 0; i < n; i++) if (!inSample[i]) pred[i] += predictBinned(tree, data.bins, F, i)
    }
    onRound?.(m)
    if (valid && params.earlyStoppingRounds > 0) {
      let loss = 0
      for (let i = 0; i < nv; i++) {
        vpred[i] += predictBinned(tree, vbins as Uint8Array, F, i)
        if (logistic) {
          const p = 1 / (1 + Math.exp(-vpred[i]))
          loss -= valid.y[i] ? Math.log(Math.max(1e-12, p)) : Math.log(Math.max(1e-12, 1 - p))
        } else {
          const d = vpred[i] - valid.y[i]
          loss += d * d
        }
      }
      if (loss < best - 1e-12) {
        best = loss
        bestRound = m
      } else if (m - bestRound >= params.earlyStoppingRounds) break
    }
  }
  return {
    kind: 'gbm',
    features: F,
    base,
    learningRate: params.learningRate,
    trees: valid && params.earlyStoppingRounds > 0 ? trees.slice(0, bestRound + 1) : trees
  }
}

/**
 * Row subsamples without replacement: a partial Fisher–Yates shuffle draws `take` of n rows, returned in
 * ascending order (the histogram loop then reads memory front to back) and marked in `inSample`. Ordered by
 * a pass over the marks rather than a sort, which cost more than the tree it fed.
 */
class Sampler {
  readonly inSample: Uint8Array
  private readonly perm: Uint32Array
  private readonly rows: Uint32Array
  constructor(
    private readonly n: number,
    private readonly take: number
  ) {
    this.inSample = new Uint8Array(n)
    this.perm = new Uint32Array(n)
    this.rows = new Uint32Array(take)
  }

  next(rng: Rng): Uint32Array {
    const { n, take, perm, inSample, rows } = this
    for (let i = 0; i < n; i++) perm[i] = i
    for (let i = 0; i < take; i++) {
      const j = i + rng.int(n - i)
      const t = perm[i]
      perm[i] = perm[j]
      perm[j] = t
    }
    inSample.fill(0)
    for (let i = 0; i < take; i++) inSample[perm[i]] = 1
    let k = 0
    for (let i = 0; i < n; i++) if (inSample[i]) rows[k++] = i
    return rows
  }
}

export function predictGbm(m: GbmModel, X: Float64Array, n: number): Float64Array {
  return predictFlat(flatten(m.trees, m.features), X, m.features, n, m.base)
}

export function gbmToJson(m: GbmModel): unknown {
  return { ...m, trees: m.trees.map(treeToJson) }
}

export function gbmFromJson(j: {
  features: number
  base: number
  learningRate: number
  trees: number[][][]
}): GbmModel {
  return {
    kind: 'gbm',
    features: j.features,
    base: j.base,
    learningRate: j.learningRate,
    trees: j.trees.map(treeFromJson)
  }
}
