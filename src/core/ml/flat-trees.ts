import { createPredictKernels, type PredictKernels } from './kernels'
import type { Tree } from './tree'

/**
 * A whole ensemble (boosting's or a forest's trees) laid out once for prediction: every node of every tree in
 * the same typed arrays, a node's right child right after its left one, and each threshold replaced by its rank
 * among the ensemble's thresholds of that feature. A row's raw values are then coded once per feature (the rank
 * of the first threshold ≥ x, a binary search) and every tree walks small integer codes of a block of rows that
 * stays in cache, instead of reading 8-byte values scattered over the whole design once per tree.
 *
 * Exact: x ≤ t ⇔ code(x) ≤ rank(t) for every threshold t of the feature (code(x) is the number of thresholds
 * below x), NaN is coded past every rank (it goes right, as `NaN ≤ t` is false) and a NaN threshold gets rank −1
 * (nothing goes left of it). Trees are summed in their order for each row, as the tree-by-tree loop summed them,
 * so predictions are the same to the bit.
 */
export interface FlatEnsemble {
  /** Column of the design each coded feature reads (only the features some split uses). */
  columns: Int32Array
  /** Per coded feature, its distinct thresholds ascending (NaN left out). */
  thresholds: Float64Array[]
  /** Per node: coded feature of the split (0 for a leaf). */
  feature: Int32Array
  /** Per node: rank of the split's threshold (code ≤ rank goes left; a leaf's rank sends every code left). */
  rank: Int32Array
  /** Per node: index of the left child (the right one is the next node); a leaf is its own child. */
  child: Int32Array
  value: Float64Array
  /** Index of each tree's root. */
  roots: Int32Array
  /** Levels of each tree (steps from the root to its deepest leaf). */
  depths: Int32Array
  /** Widest code: Uint8Array codes when ≤ 255. */
  maxCode: number
}

/** Rows coded and walked together: 2,048 rows of a few dozen one-byte codes stay in the first cache levels. */
const BLOCK = 2048

/**
 * Above every code (a code is at most the number of its feature's thresholds): rank − code stays positive,
 * "go left", which for a leaf (its own child) means stay.
 */
const LEAF_RANK = 0x7fffffff

/** One code per row and coded feature, as narrow as the widest feature's thresholds allow. */
type Codes = Uint8Array | Uint16Array | Int32Array

const cache = new WeakMap<Tree[], FlatEnsemble>()

/** The ensemble's flat form, built on first use and kept as long as the tree list lives. */
export function flatten(trees: Tree[], features: number): FlatEnsemble {
  let flat = cache.get(trees)
  if (!flat) {
    flat = build(trees, features)
    cache.set(trees, flat)
  }
  return flat
}

function build(trees: Tree[], F: number): FlatEnsemble {
  const perFeature: number[][] = Array.from({ length: F }, () => [])
  const splits = new Uint8Array(F)
  let nodes = 0
  for (const t of trees) {
    nodes += t.feature.length
    for (let k = 0; k < t.feature.length; k++) {
      const f = t.feature[k]
      if (f < 0) continue
      splits[f] = 1
      if (!Number.isNaN(t.threshold[k])) perFeature[f].push(t.threshold[k])
    }
  }
  const used: number[] = []
  const slot = new Int32Array(F).fill(-1)
  for (let f = 0; f < F; f++)
    if (splits[f]) {
      slot[f] = used.length
      used.push(f)
    }
  const thresholds = used.map((f) => distinctSorted(perFeature[f]))
  const feature = new Int32Array(nodes)
  const rank = new Int32Array(nodes)
  const child = new Int32Array(nodes)
  const value = new Float64Array(nodes)
  const roots = new Int32Array(trees.length)
  const depths = new Int32Array(trees.length)
  let next = 0
  trees.forEach((t, ti) => {
    // Breadth-first from the root, so children get consecutive slots whatever the tree's own numbering.
    roots[ti] = next++
    const queue: [number, number, number][] = [[0, roots[ti], 0]]
    for (let q = 0; q < queue.length; q++) {
      const [src, dst, level] = queue[q]
      const f = t.feature[src]
      value[dst] = t.value[src]
      if (f < 0) {
        // A leaf steps to itself whatever the code: a walk of the tree's full depth ends on it.
        rank[dst] = LEAF_RANK
        child[dst] = dst
        depths[ti] = Math.max(depths[ti], level)
        continue
      }
      const u = slot[f]
      const thr = t.threshold[src]
      feature[dst] = u
      rank[dst] = Number.isNaN(thr) ? -1 : lowerBound(thresholds[u], thr)
      child[dst] = next
      queue.push([t.left[src], next++, level + 1], [t.right[src], next++, level + 1])
    }
  })
  const maxCode = thresholds.reduce((m, th) => Math.max(m, th.length), 0)
  return { columns: Int32Array.from(used), thresholds, feature, rank, child, value, roots, depths, maxCode }
}

function distinctSorted(xs: number[]): Float64Array {
  const s = Float64Array.from(xs).sort()
  let m = 0
  for (let k = 0; k < s.length; k++) if (m === 0 || s[k] !== s[m - 1]) s[m++] = s[k]
  return s.slice(0, m)
}

/** Index of the first element ≥ x (length when none; NaN is never ≥ anything, so it gets the length). */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (a[mid] < x || x !== x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Sum of every tree's leaf value per row of X (row-major, F columns), starting from `start` and adding the
 * trees in their order. Rows go in blocks: coded once, then walked by each tree in turn. Large batches run
 * the WebAssembly kernels; a few rows (a single item's prediction) or codes wider than a byte, JavaScript.
 */
export function predictFlat(
  flat: FlatEnsemble,
  X: Float64Array,
  F: number,
  n: number,
  start: number
): Float64Array {
  const out = new Float64Array(n)
  const wasm = n >= WASM_MIN_ROWS && flat.maxCode <= 255 ? kernelsFor(flat, F) : null
  if (wasm) {
    for (let r0 = 0; r0 < n; r0 += BLOCK) {
      const m = Math.min(BLOCK, n - r0)
      wasm.x.set(X.subarray(r0 * F, (r0 + m) * F))
      wasm.acc.fill(start)
      const { layout: o, k } = wasm
      k.code(o.x, F, m, o.meta, flat.columns.length, o.codes, BLOCK)
      // Rows past m (to a multiple of eight) walk stale codes into acc slots nobody reads.
      k.walk(o.trees, flat.roots.length, o.nodes, o.values, o.codes, (m + 7) & ~7, o.acc)
      out.set(wasm.acc.subarray(0, m), r0)
    }
    return out
  }
  const U = flat.columns.length
  const codes =
    flat.maxCode <= 255
      ? new Uint8Array(BLOCK * U)
      : flat.maxCode <= 65535
        ? new Uint16Array(BLOCK * U)
        : new Int32Array(BLOCK * U)
  for (let r0 = 0; r0 < n; r0 += BLOCK) {
    const m = Math.min(BLOCK, n - r0)
    codeBlock(flat, X, F, r0, m, codes)
    for (let i = 0; i < m; i++) out[r0 + i] = start
    walkBlock(flat, codes, U, m, out, r0)
  }
  return out
}

function codeBlock(
  flat: FlatEnsemble,
  X: Float64Array,
  F: number,
  r0: number,
  m: number,
  codes: Codes
): void {
  const U = flat.columns.length
  for (let u = 0; u < U; u++) {
    const th = flat.thresholds[u]
    const col = flat.columns[u]
    for (let i = 0; i < m; i++) codes[i * U + u] = lowerBound(th, X[(r0 + i) * F + col])
  }
}

function walkBlock(
  flat: FlatEnsemble,
  codes: Codes,
  U: number,
  m: number,
  out: Float64Array,
  r0: number
): void {
  const { feature, rank, child, value, roots, depths } = flat
  for (let t = 0; t < roots.length; t++) {
    const root = roots[t]
    const depth = depths[t]
    for (let i = 0; i < m; i++) {
      const base = i * U
      let node = root
      // rank − code is negative exactly when the row goes right: the right child is the next slot.
      for (let d = 0; d < depth; d++) node = child[node] + ((rank[node] - codes[base + feature[node]]) >>> 31)
      out[r0 + i] += value[node]
    }
  }
}

/** Below this many rows the JavaScript walk is cheaper than copying the ensemble into the kernels' memory. */
const WASM_MIN_ROWS = 512

/** Byte offsets of one ensemble and one block of rows in the kernels' memory. */
interface Layout {
  trees: number
  nodes: number
  values: number
  meta: number
  thresholds: number
  x: number
  codes: number
  acc: number
  end: number
}

function layoutOf(flat: FlatEnsemble, F: number): Layout {
  const align = (x: number) => Math.ceil(x / 64) * 64
  const N = flat.feature.length
  const U = flat.columns.length
  const trees = 0
  const nodes = align(8 * flat.roots.length)
  const values = align(nodes + 16 * N)
  const meta = align(values + 8 * N)
  const thresholds = align(meta + 16 * U)
  const x = align(thresholds + 8 * flat.thresholds.reduce((s, th) => s + th.length, 0))
  const codes = align(x + 8 * BLOCK * F)
  const acc = align(codes + BLOCK * U + 8)
  return { trees, nodes, values, meta, thresholds, x, codes, acc, end: acc + 8 * BLOCK }
}

interface Loaded {
  k: PredictKernels
  layout: Layout
  x: Float64Array
  acc: Float64Array
  holds: FlatEnsemble | null
  F: number
}

/**
 * One memory for prediction in the whole process, holding the ensemble that predicted last: replaced (never
 * grown, which would detach its buffer) when a larger ensemble or design needs more room.
 */
let loaded: Loaded | null = null

function kernelsFor(flat: FlatEnsemble, F: number): Loaded | null {
  const layout = layoutOf(flat, F)
  if (!loaded || loaded.k.buffer.byteLength < layout.end) {
    const k = createPredictKernels(Math.max(layout.end, 1 << 22) * 1.5)
    if (!k) return null
    loaded = { k, layout, x: new Float64Array(0), acc: new Float64Array(0), holds: null, F }
  }
  if (loaded.holds !== flat || loaded.F !== F) {
    writeEnsemble(flat, layout, loaded.k.buffer)
    const buf = loaded.k.buffer
    Object.assign(loaded, {
      layout,
      holds: flat,
      F,
      x: new Float64Array(buf, layout.x, BLOCK * F),
      acc: new Float64Array(buf, layout.acc, BLOCK)
    })
  }
  return loaded
}

function writeEnsemble(flat: FlatEnsemble, o: Layout, buf: ArrayBufferLike): void {
  const N = flat.feature.length
  const trees = new Int32Array(buf, o.trees, 2 * flat.roots.length)
  flat.roots.forEach((r, t) => {
    trees[2 * t] = o.nodes + 16 * r
    trees[2 * t + 1] = flat.depths[t]
  })
  const nodes = new Int32Array(buf, o.nodes, 4 * N)
  for (let j = 0; j < N; j++) {
    nodes[4 * j] = flat.feature[j] * BLOCK
    nodes[4 * j + 1] = flat.rank[j]
    nodes[4 * j + 2] = o.nodes + 16 * flat.child[j]
  }
  new Float64Array(buf, o.values, N).set(flat.value)
  const meta = new Int32Array(buf, o.meta, 4 * flat.columns.length)
  let at = o.thresholds
  flat.thresholds.forEach((th, u) => {
    new Float64Array(buf, at, th.length).set(th)
    meta[4 * u] = flat.columns[u]
    meta[4 * u + 1] = at
    meta[4 * u + 2] = th.length
    at += 8 * th.length
  })
}
