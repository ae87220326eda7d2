import type { TreeArena } from './kernels'

/**
 * Features are binned once (≤ 255 bins from quantiles) so every tree split is a
 * scan over a 256-slot histogram instead of a sort: the idea behind LightGBM and
 * scikit-learn's HistGradientBoosting.
 */
export interface BinnedMatrix {
  n: number
  features: number
  /** Row-major bin codes: bins[i * features + f] (a row's codes are adjacent, which histogram building reads together). */
  bins: Uint8Array
  /** Per feature, the upper edge of each bin (raw value): a split "bin ≤ b" is "x ≤ edges[f][b]". */
  edges: Float64Array[]
  /**
   * The same codes column-major, cols[f * n + i], for the JavaScript loops: partitioning a node on one feature then
   * reads one byte per row instead of a whole row's codes. Null with an arena, whose splits read the row lists'
   * records.
   */
  cols: Uint8Array | null
  /** The WebAssembly memory the codes live in (when the fit made one): the tree learner's fast path. */
  arena: TreeArena | null
}

export const MAX_BINS = 255

/** X is row-major n × features. With an arena (made for n × features), the codes are written into it. */
export function binMatrix(
  X: Float64Array,
  n: number,
  features: number,
  maxBins = MAX_BINS,
  arena: TreeArena | null = null
): BinnedMatrix {
  const bins = arena ? arena.bins : new Uint8Array(n * features)
  const cols = arena ? null : new Uint8Array(n * features)
  const edges: Float64Array[] = []
  const sampleStride = Math.max(1, Math.floor(n / 50_000))
  const m = Math.ceil(n / sampleStride)
  // Every feature's sample in one pass over X (rows outer): a pass per feature read all of X once each, since
  // the sampled rows of a large design are a cache line or more apart.
  const sample = new Float64Array(m * features)
  for (let i = 0, k = 0; i < n; i += sampleStride, k++)
    for (let f = 0; f < features; f++) sample[f * m + k] = X[i * features + f]
  for (let f = 0; f < features; f++) {
    const col = sample.subarray(f * m, (f + 1) * m)
    // Counting distinct values is cheaper than sorting the sample, and most features have a few hundred.
    edges.push(quantileEdges(countDistinct(col, m, DISTINCT_LIMIT) ?? runs(col.slice().sort()), maxBins))
  }
  // The arena codes in WebAssembly (the same lower bound as binOf): fast, and no cold JavaScript loop boxing
  // every value in a fresh worker's first fit.
  if (arena) arena.binColumns(X, edges)
  else
    for (let f = 0; f < features; f++) {
      const e = edges[f]
      for (let i = 0; i < n; i++) {
        const b = binOf(e, X[i * features + f])
        bins[i * features + f] = b
        ;(cols as Uint8Array)[f * n + i] = b
      }
    }
  return { n, features, bins, edges, cols, arena }
}

/** The bin of x: the first edge ≥ x (NaN: bin 0). */
function binOf(e: Float64Array, x: number): number {
  let lo = 0
  let hi = e.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (e[mid] < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Code for a missing value in binRows: above every split bin, so it goes right as `x ≤ threshold` sends NaN. */
export const NAN_CODE = 255

/**
 * Other rows (row-major n × features) coded with a fitted matrix's edges, row-major, for predicting them from
 * codes (predictBinned). NaN gets NAN_CODE.
 */
export function binRows(X: Float64Array, n: number, features: number, edges: Float64Array[]): Uint8Array {
  const out = new Uint8Array(n * features)
  for (let i = 0; i < n * features; i++) {
    const x = X[i]
    out[i] = x === x ? binOf(edges[i % features], x) : NAN_CODE
  }
  return out
}

/** Beyond this many distinct values in the sample, sorting it beats counting them in a hash map. */
const DISTINCT_LIMIT = 4096

/** The sample's distinct values, ascending, with their counts. */
interface Runs {
  values: Float64Array
  counts: Float64Array
  /** Sample size (sum of counts). */
  m: number
}

/** Runs of x[0, m) counted in a map, or null past `limit` distinct values or at a NaN (left to the sort). */
function countDistinct(x: Float64Array, m: number, limit: number): Runs | null {
  const counts = new Map<number, number>()
  for (let i = 0; i < m; i++) {
    const v = x[i]
    if (v !== v) return null
    const c = counts.get(v)
    if (c !== undefined) counts.set(v, c + 1)
    else if (counts.size >= limit) return null
    else counts.set(v, 1)
  }
  const values = Float64Array.from(counts.keys()).sort()
  return { values, counts: values.map((v) => counts.get(v) as number), m }
}

/** Runs of a sorted sample (typed arrays: a first fit runs this cold, where growing number arrays cost GC). */
function runs(sorted: Float64Array): Runs {
  const values = new Float64Array(sorted.length)
  const counts = new Float64Array(sorted.length)
  let k = -1
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) values[++k] = sorted[i]
    counts[k]++
  }
  return { values: values.subarray(0, k + 1), counts: counts.subarray(0, k + 1), m: sorted.length }
}

function quantileEdges({ values: distinct, counts, m }: Runs, maxBins: number): Float64Array {
  if (distinct.length <= maxBins) {
    // One bin per distinct value; edges halfway between neighbours, the last one open.
    const e = new Float64Array(distinct.length)
    for (let k = 0; k < distinct.length - 1; k++) e[k] = (distinct[k] + distinct[k + 1]) / 2
    e[distinct.length - 1] = Infinity
    return e
  }
  // The sample's quantiles at b/maxBins: the value at sorted position ⌊b·m/maxBins⌋, read off the runs.
  const out: number[] = []
  let k = 0
  let before = 0
  for (let b = 1; b < maxBins; b++) {
    const pos = Math.floor((b * m) / maxBins)
    while (before + counts[k] <= pos) before += counts[k++]
    const q = distinct[k]
    if (!out.length || q > out[out.length - 1]) out.push(q)
  }
  out.push(Infinity)
  return Float64Array.from(out)
}
