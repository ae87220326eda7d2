import type { BinnedMatrix } from './binning'
import { HALVES_ROWS, chunkRange, chunksOf, type TreeArena } from './kernels'
import type { Rng } from '../util/rng'

/** A fitted regression tree in flat arrays; a leaf has feature −1. Thresholds are raw values: x ≤ t goes left. */
export interface Tree {
  feature: Int32Array
  threshold: Float64Array
  left: Int32Array
  right: Int32Array
  value: Float64Array
  /** The split's bin per node, set by growTree and not stored: the fit predicts its own rows from their codes. */
  bin?: Int32Array
}

export interface TreeParams {
  maxDepth: number
  minSamplesLeaf: number
  /** L2 regularization of leaf values (0 for a plain mean). */
  lambda: number
  /** Share of features this tree may use, drawn once per tree (random forest); 1 = all. Histograms are built for those only. */
  featureFraction: number
  minGain: number
  /**
   * The root's gradient sum when the caller already has it (boosting's step sums the gradients as it writes
   * them); else the learner sums the root's rows in order.
   */
  rootGradSum?: number
}

const BINS = 256
/**
 * Nodes with fewer rows find splits from their rows, not from histograms (must stay ≤ 256 so a row's
 * position fits in 8 bits). 64 measured best on the sample panel: below it sorting a node's rows per
 * feature is cheaper than clearing and scanning 256 bins per feature; above it the histogram (built for the
 * smaller child, the larger one by subtraction) wins. RF fit 1.07 s at 256, 0.95 s at 128, 0.91 s at 64.
 */
const SMALL_NODE = 64

/** A last-level node's two leaves (left, then right values): rows[start, end) with `feature`'s code ≤ bin are the left's. */
export type LeafPairFn = (
  left: number,
  right: number,
  feature: number,
  bin: number,
  start: number,
  end: number,
  rows: Uint32Array
) => void

/**
 * Grows one tree on gradients (and unit hessians): leaf value −G/(H+λ), split gain
 * G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ). For a forest, grad = −y gives leaf means.
 * Histograms are built for the smaller child only; the larger is parent − smaller.
 * `rows` may repeat a row (a bootstrap sample).
 */
export function growTree(
  data: BinnedMatrix,
  gradIn: Float32Array,
  rowsIn: Uint32Array,
  params: TreeParams,
  rng: Rng | null,
  /** Called for every leaf with the slice of `rows` it holds: lets boosting update its predictions without re-traversing the tree. */
  onLeaf?: (value: number, rows: Uint32Array, start: number, end: number) => void,
  /**
   * With the arena's kernels: a node whose children are both leaves by depth is not partitioned; its two leaves
   * come here instead (left, then right values; rows[start, end) with `feature`'s code ≤ bin are the left's).
   * The partition only fed the children's histograms, which leaves never build. Else they go to onLeaf.
   */
  onLeafPair?: LeafPairFn
): Tree {
  const F = data.features
  const bins = data.bins
  const nodes = new Nodes()
  const lambda = params.lambda
  const used = treeFeatures(F, params.featureFraction, rng)
  const nFeat = used.length
  // The WebAssembly kernels when the fit put the data in an arena and the tree uses every feature (they
  // build all features' histograms); they work on the arena's gradients and row list, so ours are copied in.
  const arena = data.arena && nFeat === F && rowsIn.length <= data.arena.rows.length ? data.arena : null
  if (arena && gradIn !== arena.grad) arena.grad.set(gradIn)
  // Boosting hands the arena's own row list (its step resets it to every row in order): nothing to copy.
  const inPlace = arena && rowsIn.buffer === arena.rows.buffer && rowsIn.byteOffset === arena.rows.byteOffset
  if (arena && !inPlace) arena.rows.set(rowsIn)
  if (arena) arena.orderGradients(rowsIn.length, Boolean(inPlace))
  const grad = arena ? arena.grad : gradIn
  const rows = arena ? arena.rows.subarray(0, rowsIn.length) : rowsIn
  const scratch = arena ? null : new Uint32Array(rows.length)
  // Histograms are recycled within a tree instead of allocated per node (less garbage to collect).
  const hists = new HistPool(arena, bins, F, used, grad)

  interface Work {
    node: number
    /** The row list holding the node's rows (with the arena, a split writes the children to the other one). */
    list: Uint32Array
    start: number
    end: number
    depth: number
    /** May this node still split (depth and size allow it)? */
    splittable: boolean
    /**
     * Gradient sums and row counts per used feature u and bin b, at (u << 8) + b. Only nodes of at least
     * SMALL_NODE rows carry one: a small node's split is found from its rows directly (sparseSplit), so
     * the thousands of small nodes of a deep tree never allocate, clear or scan 256 bins per feature.
     */
    hist: Hist | null
    /** Gradient sum of the node's rows, known from the parent's split (NaN for the root: summed here). */
    G: number
  }
  const canSplit = (depth: number, count: number) =>
    depth < params.maxDepth && count >= 2 * params.minSamplesLeaf
  const root = nodes.add()
  const rootSplits = canSplit(0, rows.length)
  const stack: Work[] = [
    {
      node: root,
      list: rows,
      start: 0,
      end: rows.length,
      depth: 0,
      splittable: rootSplits,
      hist: rootSplits && rows.length >= SMALL_NODE ? hists.build(0, rows.length, rows) : null,
      G: params.rootGradSum ?? NaN
    }
  ]
  const keys = new Uint32Array(SMALL_NODE)
  const search = new SplitSearch(lambda, params.minSamplesLeaf)

  while (stack.length) {
    const w = stack.pop() as Work
    const count = w.end - w.start
    let G = w.G
    if (Number.isNaN(G)) {
      G = 0
      // The root, row by row (its histogram's bins would give the sum in another order: other trees in near-ties).
      for (let k = w.start; k < w.end; k++) G += grad[rows[k]]
    }
    const H = count
    nodes.value[w.node] = -G / (H + lambda)
    const list = w.list
    if (!w.splittable) {
      onLeaf?.(nodes.value[w.node], list, w.start, w.end)
      hists.release(w.hist)
      continue
    }

    search.reset(G, H, params.minGain)
    const hist = w.hist
    if (hist) scanHistogram(search, hist, used, data.edges)
    else scanRows(search, bins, F, used, grad, list, w.start, count, keys)
    const bestF = search.f
    const bestBin = search.bin
    const bestGL = search.gl
    if (bestF < 0) {
      onLeaf?.(nodes.value[w.node], list, w.start, w.end)
      hists.release(hist)
      continue
    }
    if (arena && onLeafPair && w.depth + 1 >= params.maxDepth) {
      // Two leaves (their counts from the split search, as the partition would have counted them).
      hists.release(hist)
      const l = nodes.add()
      const r = nodes.add()
      setSplit(nodes, w.node, bestF, bestBin, data.edges[bestF][bestBin], l, r)
      const hl = search.hl
      nodes.value[l] = -bestGL / (hl + lambda)
      nodes.value[r] = -(G - bestGL) / (H - hl + lambda)
      onLeafPair(nodes.value[l], nodes.value[r], bestF, bestBin, w.start, w.end, list)
      continue
    }

    // Stable partition of the node's rows: bin ≤ bestBin to the left. Keeping each node's rows in ascending
    // order makes the histogram loop read bins and gradients front to back (cache friendly). The arena writes
    // the children to its other row list (the left count is the split's: exact), the JavaScript loop in place.
    const mid = arena
      ? w.start + search.hl
      : partition(data, bestF, bestBin, rows, w.start, w.end, scratch as Uint32Array)
    const childList = arena ? arena.split(bestF, bestBin, w.start, w.end, search.hl, list) : rows
    const l = nodes.add()
    const r = nodes.add()
    setSplit(nodes, w.node, bestF, bestBin, data.edges[bestF][bestBin], l, r)
    const lSplit = canSplit(w.depth + 1, mid - w.start)
    const rSplit = canSplit(w.depth + 1, w.end - mid)
    // Dense histograms only for large children; a large child's comes by subtraction when the parent has one.
    const lDense = lSplit && mid - w.start >= SMALL_NODE
    const rDense = rSplit && w.end - mid >= SMALL_NODE
    let lh: Hist | null = null
    let rh: Hist | null = null
    if ((lDense || rDense) && hist) {
      const leftSmaller = mid - w.start <= w.end - mid
      const small = leftSmaller ? hists.build(w.start, mid, childList) : hists.build(mid, w.end, childList)
      if (arena && hist.buffer === arena.grad.buffer && small.buffer === hist.buffer)
        arena.subtract(hist, small)
      else for (let k = 0; k < hist.length; k++) hist[k] -= small[k]
      lh = lDense ? (leftSmaller ? small : hist) : null
      rh = rDense ? (leftSmaller ? hist : small) : null
      if (small !== lh && small !== rh) hists.release(small)
      if (hist !== lh && hist !== rh) hists.release(hist)
    } else {
      hists.release(hist)
      if (lDense) lh = hists.build(w.start, mid, childList)
      if (rDense) rh = hists.build(mid, w.end, childList)
    }
    const d = w.depth + 1
    stack.push({
      node: l,
      list: childList,
      start: w.start,
      end: mid,
      depth: d,
      splittable: lSplit,
      hist: lh,
      G: bestGL
    })
    stack.push({
      node: r,
      list: childList,
      start: mid,
      end: w.end,
      depth: d,
      splittable: rSplit,
      hist: rh,
      G: G - bestGL
    })
  }
  return {
    feature: Int32Array.from(nodes.feature),
    threshold: Float64Array.from(nodes.threshold),
    left: Int32Array.from(nodes.left),
    right: Int32Array.from(nodes.right),
    value: Float64Array.from(nodes.value),
    bin: Int32Array.from(nodes.bin)
  }
}

/*
 * The tree learner's parts as classes and module functions, not closures made per tree: V8 optimizes a call
 * for its target, and a fresh closure every tree sent growTree back to the interpreter a dozen times in a
 * fresh process (each deopt a recompile of the whole function): most of the first fit's extra cost.
 */

/** The tree's nodes, appended as the learner splits. */
class Nodes {
  readonly feature: number[] = []
  readonly threshold: number[] = []
  readonly left: number[] = []
  readonly right: number[] = []
  readonly value: number[] = []
  readonly bin: number[] = []

  add(): number {
    this.feature.push(-1)
    this.threshold.push(0)
    this.left.push(-1)
    this.right.push(-1)
    this.value.push(0)
    this.bin.push(-1)
    return this.feature.length - 1
  }
}

function setSplit(
  nodes: Nodes,
  node: number,
  f: number,
  bin: number,
  threshold: number,
  l: number,
  r: number
): void {
  nodes.feature[node] = f
  nodes.threshold[node] = threshold
  nodes.bin[node] = bin
  nodes.left[node] = l
  nodes.right[node] = r
}

/** Histogram slots recycled within a tree: the arena's (filled by the kernel) or plain arrays (the JS loop). */
class HistPool {
  private readonly pool: Hist[]
  /** A later chunk of a large node's rows (HALVES_ROWS), summed apart then added, as the arena does. */
  private half: Hist | null = null

  constructor(
    private readonly arena: TreeArena | null,
    private readonly bins: Uint8Array,
    private readonly F: number,
    private readonly used: Int32Array,
    private readonly grad: Float32Array
  ) {
    this.pool = arena ? arena.hists.slice() : []
  }

  release(h: Hist | null): void {
    if (h) this.pool.push(h)
  }

  /** The sums over positions [start, end) of `list` (the arena's rows or rows2; the JavaScript loop's own rows). */
  build(start: number, end: number, list: Uint32Array): Hist {
    const h = this.pool.pop()
    const arena = this.arena
    if (arena && h && h.buffer === arena.grad.buffer) {
      arena.histogram(h, start, end, list)
      return h
    }
    if (end - start < HALVES_ROWS)
      return histogram(this.bins, this.F, this.used, this.grad, list, start, end, h)
    const count = chunksOf(end - start)
    const [s0, e0] = chunkRange(0, count, start, end)
    const first = histogram(this.bins, this.F, this.used, this.grad, list, s0, e0, h)
    for (let x = 1; x < count; x++) {
      const [s, e] = chunkRange(x, count, start, end)
      const part = histogram(this.bins, this.F, this.used, this.grad, list, s, e, this.half ?? undefined)
      this.half = part
      for (let i = 0; i < first.length; i++) first[i] += part[i]
    }
    return first
  }
}

/** A node's best split so far; fields updated in place while its candidates are scanned. */
class SplitSearch {
  G = 0
  H = 0
  parentScore = 0
  gain = 0
  f = -1
  bin = -1
  gl = 0
  /** Rows of the best split's left side. */
  hl = 0

  constructor(
    private readonly lambda: number,
    private readonly minLeaf: number
  ) {}

  reset(G: number, H: number, minGain: number): void {
    this.G = G
    this.H = H
    this.parentScore = (G * G) / (H + this.lambda)
    this.gain = minGain
    this.f = -1
    this.bin = -1
    this.gl = 0
    this.hl = 0
  }

  /** Scores "bin ≤ b goes left" given the left sums; returns true once the right side is too small (stop scanning). */
  consider(gl: number, hl: number, f: number, b: number): boolean {
    if (hl < this.minLeaf) return false
    const hr = this.H - hl
    if (hr < this.minLeaf) return true
    const gr = this.G - gl
    const lambda = this.lambda
    const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - this.parentScore
    if (gain > this.gain) {
      this.gain = gain
      this.f = f
      this.bin = b
      this.gl = gl
      this.hl = hl
    }
    return false
  }
}

/** A node's splits from its histogram: per used feature, left sums bin by bin. */
function scanHistogram(s: SplitSearch, hist: Hist, used: Int32Array, edges: Float64Array[]): void {
  for (let q = 0; q < used.length; q++) {
    const f = used[q]
    const ho = q * BINS
    let gl = 0
    let hl = 0
    const nb = edges[f].length
    for (let b = 0; b < nb - 1; b++) {
      const hb = hist[2 * (ho + b) + 1]
      // An empty bin moves no row: the split after it equals the one before.
      if (hb === 0) continue
      gl += hist[2 * (ho + b)]
      hl += hb
      if (s.consider(gl, hl, f, b)) break
    }
  }
}

/** Small node: per feature, sort its rows by bin (bin and position packed in one integer) and scan. */
function scanRows(
  s: SplitSearch,
  bins: Uint8Array,
  F: number,
  used: Int32Array,
  grad: Float32Array,
  rows: Uint32Array,
  start: number,
  count: number,
  keys: Uint32Array
): void {
  for (let q = 0; q < used.length; q++) {
    const f = used[q]
    for (let k = 0; k < count; k++) keys[k] = (bins[rows[start + k] * F + f] << 8) | k
    if (count <= 48) {
      // Insertion sort: for a few dozen keys it beats the library sort's call overhead.
      for (let i = 1; i < count; i++) {
        const v = keys[i]
        let j = i - 1
        while (j >= 0 && keys[j] > v) {
          keys[j + 1] = keys[j]
          j--
        }
        keys[j + 1] = v
      }
    } else keys.subarray(0, count).sort()
    let gl = 0
    let hl = 0
    for (let k = 0; k < count - 1; k++) {
      gl += grad[rows[start + (keys[k] & 255)]]
      hl++
      const bin = keys[k] >>> 8
      if (bin !== keys[k + 1] >>> 8 && s.consider(gl, hl, f, bin)) break
    }
  }
}

/** Value of the leaf that row i of the tree's own binned matrix (row-major, F codes a row) falls in. */
export function predictBinned(t: Tree, bins: Uint8Array, F: number, i: number): number {
  const split = t.bin as Int32Array
  let node = 0
  const base = i * F
  while (t.feature[node] >= 0)
    node = bins[base + t.feature[node]] <= split[node] ? t.left[node] : t.right[node]
  return t.value[node]
}

/** Value of the leaf that row i of X (row-major, F columns) falls in. */
export function predictTree(t: Tree, X: Float64Array, F: number, i: number): number {
  let node = 0
  const base = i * F
  while (t.feature[node] >= 0)
    node = X[base + t.feature[node]] <= t.threshold[node] ? t.left[node] : t.right[node]
  return t.value[node]
}

/** Plain-array form for JSON storage in the model registry. */
export function treeToJson(t: Tree): number[][] {
  return [
    Array.from(t.feature),
    Array.from(t.threshold, (x) => (Number.isFinite(x) ? x : 1e308)),
    Array.from(t.left),
    Array.from(t.right),
    Array.from(t.value)
  ]
}

export function treeFromJson(a: number[][]): Tree {
  return {
    feature: Int32Array.from(a[0]),
    threshold: Float64Array.from(a[1]),
    left: Int32Array.from(a[2]),
    right: Int32Array.from(a[3]),
    value: Float64Array.from(a[4])
  }
}

/** The tree's features: all, or a random subset drawn once per tree (so histograms skip the others), ascending. */
function treeFeatures(F: number, fraction: number, rng: Rng | null): Int32Array {
  const order = Int32Array.from({ length: F }, (_, i) => i)
  const nFeat = Math.max(1, Math.round(F * fraction))
  if (nFeat < F && rng) {
    for (let i = F - 1; i > 0; i--) {
      const j = rng.int(i + 1)
      const t = order[i]
      order[i] = order[j]
      order[j] = t
    }
  }
  return order.slice(0, nFeat).sort()
}

/** Branch-free stable partition (the JS twin of the kernel's): a split sends rows either way unpredictably. */
function partition(
  data: BinnedMatrix,
  f: number,
  bin: number,
  rows: Uint32Array,
  start: number,
  end: number,
  scratch: Uint32Array
): number {
  // The JavaScript loops run on a matrix without an arena, which has its columns.
  const cols = data.cols as Uint8Array
  const col = f * data.n
  let nl = start
  let nr = 0
  for (let k = start; k < end; k++) {
    const r = rows[k]
    // 1 when the row goes right: (bin − code) is negative exactly then.
    const right = (bin - cols[col + r]) >>> 31
    rows[nl] = r
    scratch[nr] = r
    nl += 1 - right
    nr += right
  }
  rows.set(scratch.subarray(0, nr), nl)
  return nl
}

/** Gradient sum and row count of (used feature u, bin b) side by side at 2·(u·256 + b) and the next slot: one cache line per update. */
type Hist = Float64Array

/** Sums of gradient and count per used feature and bin over rows[start, end): the hot loop of training. */
function histogram(
  bins: Uint8Array,
  F: number,
  used: Int32Array,
  grad: Float32Array,
  rows: Uint32Array,
  start: number,
  end: number,
  reuse?: Hist
): Hist {
  // Indexed by the feature's position in `used`, so a tree on few features keeps small histograms.
  const U = used.length
  const h = reuse ? reuse.fill(0) : new Float64Array(2 * U * BINS)
  if (U === F) {
    // All features: no indirection in the innermost loop.
    for (let k = start; k < end; k++) {
      const r = rows[k]
      const gr = grad[r]
      const base = r * F
      for (let f = 0; f < F; f++) {
        const b = ((f << 8) + bins[base + f]) << 1
        h[b] += gr
        h[b + 1]++
      }
    }
  } else {
    for (let k = start; k < end; k++) {
      const r = rows[k]
      const gr = grad[r]
      const base = r * F
      for (let u = 0; u < U; u++) {
        const b = ((u << 8) + bins[base + used[u]]) << 1
        h[b] += gr
        h[b + 1]++
      }
    }
  }
  return h
}
