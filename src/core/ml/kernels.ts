import { TREE_KERNELS_WASM_HEX } from './wasm/tree-kernels-wasm'
import {
  ARG,
  MAX_CHUNKS,
  CONTROL_BYTES,
  CURSOR_BACK,
  CURSOR_FRONT,
  JOB_HIST,
  KIND,
  RESULT_F64_BYTE,
  TwoThreadJobs,
  histogramHelper,
  memoryFree,
  serveJobs,
  type ChunkRunner,
  type HelperLayout
} from './hist-threads'

/**
 * The tree learner's two hot loops (histogram building, partitioning a node's rows) in WebAssembly
 * (src/core/ml/wasm/tree-kernels.wat). They run on arrays inside the module's memory, so a fit lays out its
 * binned features, gradients, row lists and histograms there once (an arena) and hands the tree learner
 * typed-array views of them. Where WebAssembly is missing or the data would not fit its 32-bit memory,
 * createTreeArena returns null and the learner uses its JavaScript loops (the same results, 2.5× slower).
 */

/** Histogram layout (shared with the .wat): per feature 256 bins of (gradient sum, count) as doubles. */
export const HIST_BINS = 256

/** The slice of the WebAssembly API used here (the core compiles against ES2022, which does not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  CompileError: new () => Error
  Instance: new (module: object, imports: object) => { exports: unknown }
  Memory: new (size: { initial: number; maximum: number; shared: boolean }) => { buffer: ArrayBufferLike }
}
/** See the .wat: the source list's codes (sc, sstride), gradients (sg, sgstride) and rows; the other list's. */
type SplitKernel = (
  f: number,
  sc: number,
  sstride: number,
  sg: number,
  sgstride: number,
  src: number,
  dc: number,
  cstride: number,
  dst: number,
  s: number,
  e: number,
  bin: number,
  cur: number
) => void
interface KernelExports {
  hist(
    codes: number,
    stride: number,
    og: number,
    ogstride: number,
    start: number,
    end: number,
    h: number,
    f0: number,
    f1: number
  ): void
  gathercodes(
    bins: number,
    F: number,
    rows: number,
    grad: number,
    dc: number,
    cstride: number,
    start: number,
    end: number
  ): void
  addh(dst: number, src: number, n: number): void
  subh(dst: number, src: number, n: number): void
  /**
   * A node's rows from one row list to the other, left rows at one cursor, right rows at the other, each with its
   * record, its codes and gradient (see the .wat).
   */
  split: SplitKernel
  splitback: SplitKernel
  mark(rows: number, rows2: number, leaves: number, ne: number, leafOf: number, k0: number, k1: number): void
  step(
    leafOf: number,
    vals: number,
    pred: number,
    y: number,
    grad: number,
    rows: number,
    i0: number,
    i1: number,
    squared: number
  ): number
  bin(x: number, F: number, m: number, edges: number, bins: number, row0: number): void
}

/** The prediction kernels (see the .wat): arguments are byte offsets into the memory they were made with. */
export interface PredictKernels {
  buffer: ArrayBufferLike
  code(x: number, F: number, m: number, meta: number, U: number, codes: number, B: number): void
  walk(trees: number, T: number, nodes: number, values: number, codes: number, m: number, acc: number): void
}

const PAGE = 65536
/** 2 GB: well inside what every engine grants a 32-bit memory. */
const MAX_BYTES = 2 ** 31

let compiled: object | null | undefined
function kernelModule(): object | null {
  if (compiled === undefined) {
    const wa = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
    const hex = TREE_KERNELS_WASM_HEX
    const bytes = new Uint8Array(hex.length / 2)
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
    compiled = wa ? compile(wa, bytes) : null
  }
  return compiled
}

/** The module, or null where the engine refuses it (one without fixed-width SIMD, which the histogram uses). */
function compile(wa: WasmApi, bytes: Uint8Array): object | null {
  try {
    return new wa.Module(bytes)
  } catch (e) {
    // Refused by this engine: the tree learner runs its JavaScript loops (the same trees, slower).
    if (e instanceof wa.CompileError) return null
    throw e
  }
}

/** Which loops the tree learner runs here (the bench prints it beside its settings). */
export function treeKernels(): 'webassembly' | 'javascript' {
  return kernelModule() ? 'webassembly' : 'javascript'
}

/**
 * A memory of its final size from the start (the module never grows it: see the .wat), shared (the module
 * imports a shared memory, so a helper thread can work on it). Engines reserve address space for each one;
 * when they refuse another, the fit runs on the JavaScript loops instead of failing.
 */
function reserve(wa: WasmApi, pages: number): { buffer: ArrayBufferLike } | null {
  try {
    return new wa.Memory({ initial: pages, maximum: pages, shared: true })
  } catch (e) {
    if (e instanceof RangeError) return null
    throw e
  }
}

/**
 * The memory of this thread's last closed arena, kept for its next one: fresh memory costs a page fault on its
 * first touch of every 4 KB, which on the 2-core VM the bench runs on measured 11–14 µs a page (a new 40 MB
 * memory: 110–145 ms to touch once, 0.4 ms again), and a 586k-row boosting fit's arena is ~37 MB: every fit paid
 * ~100 ms of it. One memory, the largest so far (a smaller fit fits in it); it stays with the thread.
 */
let spare: { memory: { buffer: ArrayBufferLike }; pages: number } | null = null
let arenas = 0
let reuses = 0

/** Arenas this thread made on the memory of an earlier one (tests and the bench read it). */
export function arenaMemoryReuses(): number {
  return reuses
}

/**
 * A memory of at least `pages` for a new arena: the spare when it is large enough and no helper still works on
 * it (memoryFree), else a new one (null when refused).
 */
function takeMemory(
  wa: WasmApi,
  pages: number
): { memory: { buffer: ArrayBufferLike }; reused: boolean } | null {
  const s = spare
  if (s && s.pages >= pages && memoryFree(s.memory.buffer, 0)) {
    spare = null
    reuses++
    return { memory: s.memory, reused: true }
  }
  const memory = reserve(wa, pages)
  return memory && { memory, reused: false }
}

/** Offers a closed arena's memory as the spare (kept if it is at least as large as the one kept). */
function keepMemory(memory: { buffer: ArrayBufferLike }): void {
  const pages = memory.buffer.byteLength / PAGE
  if (!spare || spare.pages <= pages) spare = { memory, pages }
}

export interface TreeArena {
  n: number
  features: number
  /** Row-major bin codes, bins[i * features + f]. */
  bins: Uint8Array
  /** Gradients of the n rows (boosting writes them here directly; others copy theirs in). */
  grad: Float32Array
  /**
   * A tree's row lists (capacity rowCapacity each): the root's rows are in `rows`; a split writes a node's
   * children to the other list, at the node's positions (so a node's rows are in one list or the other).
   */
  rows: Uint32Array
  rows2: Uint32Array
  /** Histograms, 2·features·256 doubles each, recycled by the tree learner. */
  hists: Float64Array[]
  /**
   * Fills h (one of `hists`) with the sums over rows[start, end). A node of HALVES_ROWS rows or more sums the two
   * halves of its rows (cut by `halves`) apart and adds them: the same bits on one thread or two.
   */
  histogram(h: Float64Array, start: number, end: number, list: Uint32Array): void
  /** h −= small, bin by bin (two of `hists`): a parent's histogram becomes its larger child's. */
  subtract(h: Float64Array, small: Float64Array): void
  /**
   * Stable partition of positions [start, end) of `list` (rows or rows2) by the code of `feature` ≤ bin, written to
   * the same positions of the other list (returned): the `left` rows (their count, known from the split search)
   * first, the others after, each row's record (its codes and gradient) moved with it.
   */
  split(
    feature: number,
    bin: number,
    start: number,
    end: number,
    left: number,
    list: Uint32Array
  ): Uint32Array
  /**
   * Before a tree: the records (codes and gradient) of the row list's first `count` positions, gathered from the
   * design's codes and `grad` (the histogram reads them in that order; splits move them with the rows). Skipped
   * when the boosting step just wrote the gradients and the tree starts from the row list as the step left it
   * (`inPlace`: every row in order), whose root reads the design's codes and `grad` as they are.
   */
  orderGradients(count: number, inPlace: boolean): void
  /** Writes bins: each value of X (row-major n × features) coded by its feature's edges (≤ 256). */
  binColumns(X: Float64Array, edges: Float64Array[]): void
  /** Boosting's predictions and leaf update in the arena (when asked for with `leaves`), else null. */
  scores: BoostScores | null
  /**
   * Ends the fit: the helper thread's service of this arena (if one was attached) ends, and the memory may serve
   * this thread's next arena (so nothing of this one may be used after).
   */
  close(): void
}

/**
 * Boosting's state between trees, in the arena so both threads update it: after a tree, `mark` records each
 * row's leaf (from the leaves' position ranges in the row list), then `step` adds the leaf values to the
 * predictions and writes the next gradients, each over two fixed halves of the rows.
 */
export interface BoostScores {
  /** Predictions of the n rows (the fit sets the base). */
  pred: Float64Array
  /** Targets of the n rows (the fit copies them in). */
  y: Float64Array
  /** Per leaf j of the last tree: its value times the learning rate. */
  vals: Float64Array
  /** Most leaves a tree may have here. */
  capacity: number
  /** Records leaf j: every row at positions [start, end) of the row list `list` is in it (before `mark`). */
  leaf(j: number, start: number, end: number, list: Uint32Array): void
  /**
   * Records leaves j and j + 1: a last-level node at positions [start, end), left unpartitioned, whose rows with
   * `feature`'s code ≤ bin are in leaf j, the others in leaf j + 1 (before `mark`).
   */
  leafPair(j: number, feature: number, bin: number, start: number, end: number, list: Uint32Array): void
  /** leafOf[row] = the leaf of each row recorded since the last mark, over the first m positions of the row list. */
  mark(m: number): void
  /**
   * pred += vals[leafOf], the row list reset to 0…n−1, and with `squared` the gradients pred − y; returns the
   * sum of those gradients (the first half's sum plus the second's), else NaN.
   */
  step(squared: boolean): number
}

/** Rows of X copied into the module per binning chunk (a binning job codes two such blocks, one a chunk). */
const BIN_BLOCK = 8192
/**
 * Nodes of at least this many rows sum their histogram as chunks of their rows (`chunksOf`), each apart, then
 * added in order (on two threads when a helper serves the fit). A fixed rule of the node, never of the threads:
 * the trees are the same bits with or without the helper. Below it a hand-off would cost about what it saves.
 */
export const HALVES_ROWS = 4096
/** Where a node's rows are cut in two (the first chunk takes the smaller half on odd counts). */
export const halves = (start: number, end: number): number => start + ((end - start) >> 1)
/** Rows a chunk of a large node's histogram aims at. */
const CHUNK_ROWS = 16_384
/**
 * Chunks of a node of `rows` rows (≥ HALVES_ROWS): its two halves below 2 × CHUNK_ROWS, then one per CHUNK_ROWS
 * rows, at most MAX_CHUNKS. Many chunks balance the threads (each claims the next as it finishes) and bound what
 * a helper that lost its core holds; each chunk's histogram costs an add of one histogram.
 */
export const chunksOf = (rows: number): number =>
  Math.min(MAX_CHUNKS, Math.max(2, Math.ceil(rows / CHUNK_ROWS)))
/** The rows [from, to) of chunk i of `count` of the range [start, end) (count 2: cut by `halves`). */
export function chunkRange(i: number, count: number, start: number, end: number): [number, number] {
  const len = end - start
  return [start + Math.floor((i * len) / count), start + Math.floor(((i + 1) * len) / count)]
}
/**
 * A node's split from one row list to the other in chunksOf(rows) blocks: the fitting thread takes blocks from
 * the front (walking forward, left rows from the node's start, right rows from start + left), the helper from the
 * back (walking backward, right rows down from the end, left rows down from start + left). Each thread writes
 * only its own slots, known from its own blocks alone, and the rows read are never written (the other list): one
 * pass, on two threads. A stable partition is unique: the same rows whoever ran which block.
 */
const JOB_SPLIT = 3
const JOB_MARK = 4
const JOB_STEP = 5
const JOB_BIN = 6
/**
 * Bytes of a leaf entry (see the .wat's mark): start, end, the address of the split feature's code of position 0
 * of the list's records (0: the whole range is the leaf), list << 31 | bin << 16 | leaf, the records' stride.
 */
const LEAF_ENTRY = 32

/**
 * Where the gradients of a list whose codes are at `codes`, `stride` bytes a position, are (and their stride): in
 * each record's last 4 bytes, or for the design's own codes (a root holding every row in order, stride F, never
 * a record's) the gradients in row order.
 */
function gradientsOf(l: HelperLayout, codes: number, stride: number): [number, number] {
  return stride === l.cstride ? [codes + l.cstride - 4, l.cstride] : [l.grad, 4]
}

/** Sums positions [s, e) of the list whose codes are at `codes` (`stride` bytes a position) into the histogram at h. */
function histOf(
  k: KernelExports,
  l: HelperLayout,
  codes: number,
  stride: number,
  s: number,
  e: number,
  h: number
) {
  const [g, gstride] = gradientsOf(l, codes, stride)
  k.hist(codes, stride, g, gstride, s, e, h, 0, l.F)
}

/**
 * Splits positions [s, e) of one row list (the second with `from`), its codes at `codes` (`stride` bytes a
 * position), on `feature` ≤ bin into the other list and its records, at the cursors at `cur` (`split` walks
 * forward, `splitback` backward).
 */
function splitOf(
  split: SplitKernel,
  l: HelperLayout,
  from: number,
  feature: number,
  codes: number,
  stride: number,
  s: number,
  e: number,
  bin: number,
  cur: number
): void {
  const [sg, sgstride] = gradientsOf(l, codes, stride)
  if (from) split(feature, codes, stride, sg, sgstride, l.rows2, l.codes, l.cstride, l.rows, s, e, bin, cur)
  else split(feature, codes, stride, sg, sgstride, l.rows, l.codes2, l.cstride, l.rows2, s, e, bin, cur)
}

/** Runs one chunk of a job (see hist-threads.ts) with the kernels of this thread's instance on the fit's memory. */
function chunkRunner(
  k: KernelExports,
  l: HelperLayout,
  helper: boolean,
  memory: ArrayBufferLike
): ChunkRunner {
  // This thread's blocks of the current split job (its number in ARG 7): the first resets the cursors.
  let splitJob = -1
  let own = 0
  const cur = l.control + (helper ? CURSOR_BACK : CURSOR_FRONT)
  const cursors = new Int32Array(memory, cur, 2)
  return (c, chunk) => {
    const a = (i: number) => Atomics.load(c, ARG + i)
    const kind = Atomics.load(c, KIND)
    if (kind === JOB_HIST) {
      const [s, e] = chunkRange(chunk, a(3), a(0), a(1))
      const h = chunk === 0 ? a(2) : l.extra + (chunk - 1) * l.histBytes
      // The list's records (at a(4), a(5) bytes a position), or the design's codes and gradients in row order.
      histOf(k, l, a(4), a(5), s, e, h)
    } else if (kind === JOB_SPLIT) {
      const start = a(1)
      const end = a(2)
      const count = a(4)
      const left = a(5)
      const from = a(6)
      const job = a(7)
      if (job !== splitJob) {
        splitJob = job
        own = 0
      }
      // The claim's chunk number says nothing here: the helper's blocks are the last ones, the fitting thread's
      // the first ones, each thread's in its order of claiming.
      const [s, e] = chunkRange(helper ? count - 1 - own : own, count, start, end)
      if (own++ === 0) {
        cursors[0] = helper ? start + left : start
        cursors[1] = helper ? end : start + left
      }
      // From the list's records (a(8), a(9) bytes a position) to the other list's.
      splitOf(helper ? k.splitback : k.split, l, from, a(0), a(8), a(9), s, e, a(3), cur)
    } else if (kind === JOB_MARK) {
      const [k0, k1] = chunkRange(chunk, MAX_CHUNKS, 0, a(1))
      k.mark(l.rows, l.rows2, l.leaves, a(0), l.leafOf, k0, k1)
    } else if (kind === JOB_BIN) {
      // Chunk 0 codes the block at x (rows a(0) … a(0) + a(1)), chunk 1 the next block (a(2) rows after it).
      const x = l.x + chunk * 8 * l.F * BIN_BLOCK
      k.bin(x, l.F, chunk === 0 ? a(1) : a(2), l.edges, l.bins, a(0) + chunk * a(1))
    } else if (kind === JOB_STEP) {
      const [i0, i1] = chunkRange(chunk, 2, 0, l.n)
      const sum = k.step(l.leafOf, l.vals, l.pred, l.y, l.grad, l.rows, i0, i1, a(0))
      new Float64Array(c.buffer, c.byteOffset + RESULT_F64_BYTE, 2)[chunk] = sum
    }
  }
}

/** The helper thread's side of an arena: runs the kernels on the fit's memory until the fit closes. */
export function serveArena(memory: object, layout: HelperLayout): void {
  const module = kernelModule()
  if (!module) return
  const wa = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
  const k = new wa.Instance(module, { env: { memory } }).exports as KernelExports
  const buffer = (memory as { buffer: ArrayBufferLike }).buffer
  serveJobs(buffer, layout, chunkRunner(k, layout, true, buffer))
}

export interface ArenaOptions {
  /** Hand the memory to this thread's helper (hist-threads.ts), if one is installed: close() the arena at the end. */
  share?: boolean
  /** Boosting: room for the scores (predictions, targets, leaf per row) and a tree of this many leaves. */
  leaves?: number
}

/**
 * Memory for a fit on n rows × features: bins (both layouts), gradients, a row list of rowCapacity entries
 * and a second one, and `histograms` histogram slots (plus one for a node's second half). Null where
 * WebAssembly cannot serve it. With `share`, a helper thread installed in this thread (hist-threads.ts) is
 * handed the memory to run half of each large job; close() the arena when the fit ends.
 */
export function createTreeArena(
  n: number,
  features: number,
  rowCapacity: number,
  histograms: number,
  opts: ArenaOptions = {}
): TreeArena | null {
  const module = kernelModule()
  if (!module) return null
  const histBytes = 16 * features * HIST_BINS
  const align = (x: number) => Math.ceil(x / 64) * 64
  const leaves = opts.leaves ?? 0
  // Layout: the helper's control block, histograms (8-byte aligned doubles; the last one the second halves'),
  // binning's edges and block of X, then the two row lists, their records, the gradients, boosting's scores, then
  // the codes (row-major).
  const oControl = 0
  const oHist = align(CONTROL_BYTES)
  const oEdges = align(oHist + (histograms + MAX_CHUNKS - 1) * histBytes)
  const oX = align(oEdges + features * 2048)
  const oRows = align(oX + 2 * 8 * features * BIN_BLOCK)
  const oRows2 = align(oRows + 4 * rowCapacity)
  // Each row list's records, cstride bytes a position: its row's codes, its gradient in the last 4 bytes (moved
  // with the rows by every split; 16 bytes up to 12 features).
  const cstride = 16 * Math.ceil((features + 4) / 16)
  const oCodes = align(oRows2 + 4 * rowCapacity)
  const oCodes2 = align(oCodes + cstride * rowCapacity)
  const oGrad = align(oCodes2 + cstride * rowCapacity)
  const scoresBytes = leaves
    ? align(8 * n) * 2 + align(2 * n) + align(8 * leaves) + align(LEAF_ENTRY * leaves)
    : 0
  const oPred = align(oGrad + 4 * n)
  const oY = oPred + align(8 * n)
  const oLeafOf = oY + align(8 * n)
  const oVals = oLeafOf + align(2 * n)
  const oLeaves = oVals + align(8 * leaves)
  const oBins = align(oPred + scoresBytes)
  // cstride bytes past the codes: a record copied from the last row's codes reads cstride bytes from its first
  // (gathercodes, and a root's split that reads the design's codes).
  const total = oBins + n * features + cstride
  if (total > MAX_BYTES) return null
  const wa = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
  const taken = takeMemory(wa, Math.max(1, Math.ceil(total / PAGE)))
  if (!taken) return null
  const memory = taken.memory
  const k = new wa.Instance(module, { env: { memory } }).exports as KernelExports
  const buf = memory.buffer
  // A reused memory holds the last fit's bytes: zero what is read before it is written (a fresh memory is zeros):
  // the leaf of each row (the first boosting step adds leaf 0's value, 0, to every row). Row lists and records are
  // written before they are read (a root's by the step or the gather, a node's by its parent's split).
  if (taken.reused && leaves) new Uint16Array(buf, oLeafOf, n).fill(0)
  const hists: Float64Array[] = []
  for (let s = 0; s < histograms; s++) hists.push(new Float64Array(buf, oHist + s * histBytes, histBytes / 8))
  const oExtra = oHist + histograms * histBytes
  const extra: Float64Array[] = []
  for (let s = 0; s < MAX_CHUNKS - 1; s++)
    extra.push(new Float64Array(buf, oExtra + s * histBytes, histBytes / 8))
  const layout: HelperLayout = {
    epoch: ++arenas,
    fresh: !taken.reused,
    control: oControl,
    bins: oBins,
    n,
    F: features,
    grad: oGrad,
    rows: oRows,
    rows2: oRows2,
    codes: oCodes,
    codes2: oCodes2,
    cstride,
    extra: oExtra,
    histBytes,
    x: oX,
    edges: oEdges,
    pred: leaves ? oPred : 0,
    y: leaves ? oY : 0,
    leafOf: leaves ? oLeafOf : 0,
    vals: leaves ? oVals : 0,
    leaves: leaves ? oLeaves : 0
  }
  const helper = opts.share ? histogramHelper() : null
  const run = chunkRunner(k, layout, false, buf)
  const jobs = helper ? new TwoThreadJobs(buf, layout, run) : null
  if (helper) helper.attach(memory, layout)
  // Without a helper the fitting thread runs both chunks of a job itself, in the same control block layout.
  const solo = jobs ? null : new Int32Array(new ArrayBuffer(CONTROL_BYTES))
  const job = (kind: number, chunks: number, ...args: number[]): Int32Array => {
    if (jobs) {
      args.forEach((v, i) => jobs.arg(i, v))
      jobs.runJob(kind, chunks)
      return jobs.c
    }
    const c = solo as Int32Array
    c[KIND] = kind
    args.forEach((v, i) => (c[ARG + i] = v))
    for (let chunk = 0; chunk < chunks; chunk++) run(c, chunk)
    return c
  }
  // The leaves of the tree being grown (see the .wat's mark), recorded by the tree learner, marked after it.
  const rows = new Uint32Array(buf, oRows, rowCapacity)
  const rows2 = new Uint32Array(buf, oRows2, rowCapacity)
  // Split jobs numbered: a thread's first block of a split sets its cursors (chunkRunner).
  let splits = 0
  const frontCursors = new Int32Array(buf, oControl + CURSOR_FRONT, 2)
  const entryWords = leaves ? new Uint32Array(buf, oLeaves, (LEAF_ENTRY / 4) * leaves) : null
  let entries = 0
  const entry = (start: number, end: number, code: number, last: number, stride: number) => {
    const w = entryWords as Uint32Array
    const o = (LEAF_ENTRY / 4) * entries++
    w[o] = start
    w[o + 1] = end
    w[o + 2] = code
    w[o + 3] = last
    w[o + 4] = stride
  }
  let closed = false
  // Did the last boosting step write the gradients (for the row list it reset to every row in order)?
  let stepOrdered = false
  // Where the first row list's codes are: the design's own (bins, F bytes a row) while it holds every row in order
  // (a boosting root after the step), else its copy (gathered for a tree's root, or written by splits).
  let codes1 = oCodes
  let stride1 = cstride
  /** Where `list`'s codes are and their stride (bytes a position). */
  const recordsOf = (list: Uint32Array): [number, number] =>
    list.byteOffset === oRows2 ? [oCodes2, cstride] : [codes1, stride1]
  const results = (c: Int32Array) => new Float64Array(c.buffer, c.byteOffset + RESULT_F64_BYTE, 2)
  return {
    n,
    features,
    bins: new Uint8Array(buf, oBins, n * features),
    grad: new Float32Array(buf, oGrad, n),
    rows,
    rows2,
    hists,
    histogram(h, start, end, list) {
      const [codes, stride] = recordsOf(list)
      if (end - start < HALVES_ROWS) {
        histOf(k, layout, codes, stride, start, end, h.byteOffset)
        return
      }
      const count = chunksOf(end - start)
      job(JOB_HIST, count, start, end, h.byteOffset, count, codes, stride)
      // In chunk order: the same sums as the JavaScript loop's (tree.ts).
      for (let x = 0; x < count - 1; x++) k.addh(h.byteOffset, extra[x].byteOffset, h.length)
    },
    subtract(h, small) {
      k.subh(h.byteOffset, small.byteOffset, h.length)
    },
    split(feature, bin, start, end, left, list) {
      const from = list.byteOffset === oRows2 ? 1 : 0
      const [codes, stride] = recordsOf(list)
      // Large nodes in blocks from both ends (JOB_SPLIT), small ones here in one call (no job: a hand-off would
      // cost what it saves). An in-place partition cannot be shared in one pass: the shared one took two (each
      // chunk split into scratch, then placed back), as long on two threads as one pass on one (586k rows, the
      // root: 0.95 ms, 0.90), and all of it on the fitting thread when the helper lagged.
      if (end - start < HALVES_ROWS) {
        frontCursors[0] = start
        frontCursors[1] = start + left
        splitOf(k.split, layout, from, feature, codes, stride, start, end, bin, oControl + CURSOR_FRONT)
      } else {
        const count = chunksOf(end - start)
        job(JOB_SPLIT, count, feature, start, end, bin, count, left, from, ++splits, codes, stride)
      }
      // The first list holds its own copy of the codes from now on (its rows are no longer every row in order).
      if (from) [codes1, stride1] = [oCodes, cstride]
      return from ? rows : rows2
    },
    orderGradients(count, inPlace) {
      const fresh = stepOrdered && inPlace
      stepOrdered = false
      // Every row in order: the root reads the design's codes and the step's gradients; else records gathered.
      ;[codes1, stride1] = fresh ? [oBins, features] : [oCodes, cstride]
      if (!fresh) k.gathercodes(oBins, features, oRows, oGrad, oCodes, cstride, 0, count)
    },
    binColumns(X, edges) {
      // binOf searches all but the last edge (a value above every edge lands in the last bin); the kernel
      // counts edges below x over 256 slots, the rest +infinity (below no value).
      const e = new Float64Array(buf, oEdges, features * 256).fill(Infinity)
      for (let f = 0; f < features; f++) e.set(edges[f].subarray(0, edges[f].length - 1), f * 256)
      // Two blocks a job, one a chunk (codes are exact: the same bytes whichever thread wrote them).
      const block = new Float64Array(buf, oX, 2 * features * BIN_BLOCK)
      for (let r0 = 0; r0 < n; r0 += 2 * BIN_BLOCK) {
        const m = Math.min(2 * BIN_BLOCK, n - r0)
        block.set(X.subarray(r0 * features, (r0 + m) * features))
        const m0 = Math.min(BIN_BLOCK, m)
        job(JOB_BIN, 2, r0, m0, m - m0)
      }
    },
    scores: leaves
      ? {
          pred: new Float64Array(buf, oPred, n),
          y: new Float64Array(buf, oY, n),
          vals: new Float64Array(buf, oVals, leaves),
          capacity: leaves,
          // Bit 31 of an entry's last word: the leaf's rows are in the second row list.
          leaf(j, start, end, list) {
            entry(start, end, 0, ((list.byteOffset === oRows2 ? 1 : 0) << 31) | j, 0)
          },
          // The rows' codes from the list's records, read front to back (or the design's, for a root in order).
          leafPair(j, feature, bin, start, end, list) {
            const [codes, stride] = recordsOf(list)
            entry(
              start,
              end,
              codes + feature,
              ((list.byteOffset === oRows2 ? 1 : 0) << 31) | (bin << 16) | j,
              stride
            )
          },
          mark(m) {
            job(JOB_MARK, MAX_CHUNKS, entries, m)
            entries = 0
          },
          step(squared) {
            const r = results(job(JOB_STEP, 2, squared ? 1 : 0))
            stepOrdered = squared
            return squared ? r[0] + r[1] : NaN
          }
        }
      : null,
    close() {
      if (closed) return
      closed = true
      jobs?.close()
      keepMemory(memory)
    }
  }
}

/**
 * A memory of `bytes` with the prediction kernels bound to it (src/core/ml/flat-trees.ts lays it out), or null
 * where WebAssembly is missing or refuses the memory (prediction then runs its JavaScript loop).
 */
export function createPredictKernels(bytes: number): PredictKernels | null {
  const module = kernelModule()
  if (!module || bytes > MAX_BYTES) return null
  const wa = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
  const memory = reserve(wa, Math.max(1, Math.ceil(bytes / PAGE)))
  if (!memory) return null
  const k = new wa.Instance(module, { env: { memory } }).exports as PredictKernels
  return { buffer: memory.buffer, code: k.code, walk: k.walk }
}
