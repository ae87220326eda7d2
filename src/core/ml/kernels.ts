import { TREE_KERNELS_WASM_HEX } from './wasm/tree-kernels-wasm'
import {
  CONTROL_BYTES,
  SharedHistograms,
  histogramHelper,
  serveHistograms,
  type HelperLayout,
  type HistKernel
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
  Instance: new (module: object, imports: object) => { exports: unknown }
  Memory: new (size: { initial: number; maximum: number; shared: boolean }) => { buffer: ArrayBufferLike }
}
interface KernelExports {
  hist: HistKernel
  partition(col: number, rows: number, start: number, end: number, bin: number, scratch: number): number
  bin(
    x: number,
    F: number,
    m: number,
    edges: number,
    cols: number,
    n: number,
    bins: number,
    row0: number
  ): void
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
    compiled = wa ? new wa.Module(bytes) : null
  }
  return compiled
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

export interface TreeArena {
  n: number
  features: number
  /** Row-major bin codes, bins[i * features + f]. */
  bins: Uint8Array
  /** Column-major bin codes, cols[f * n + i]. */
  cols: Uint8Array
  /** Gradients of the n rows (boosting writes them here directly; others copy theirs in). */
  grad: Float32Array
  /** A tree's row list (capacity rowCapacity), partitioned in place node by node. */
  rows: Uint32Array
  /** Histograms, 2·features·256 doubles each, recycled by the tree learner. */
  hists: Float64Array[]
  /** Fills h (one of `hists`) with the sums over rows[start, end). */
  histogram(h: Float64Array, start: number, end: number): void
  /** Stable partition of rows[start, end) by cols of `feature` ≤ bin; returns where the right side starts. */
  partition(feature: number, bin: number, start: number, end: number): number
  /** Writes bins and cols: each value of X (row-major n × features) coded by its feature's edges (≤ 256). */
  binColumns(X: Float64Array, edges: Float64Array[]): void
  /** Ends the helper thread's service of this arena (if one was attached); the arena stays usable alone. */
  close(): void
}

/** Rows of X copied into the module per binning call. */
const BIN_BLOCK = 4096
/** Nodes with fewer rows build their histogram on the fitting thread alone (a hand-off costs microseconds). */
const SHARED_NODE_ROWS = 4096

/** The helper thread's side of an arena: runs the kernels on the fit's memory until the fit closes. */
export function serveArena(memory: object, layout: HelperLayout): void {
  const module = kernelModule()
  if (!module) return
  const wa = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
  const k = new wa.Instance(module, { env: { memory } }).exports as KernelExports
  serveHistograms((memory as { buffer: ArrayBufferLike }).buffer, layout, k.hist)
}

/**
 * Memory for a fit on n rows × features: bins (both layouts), gradients, a row list of rowCapacity entries
 * with its scratch, and `histograms` histogram slots. Null where WebAssembly cannot serve it. With `share`,
 * a helper thread installed in this thread (hist-threads.ts) is handed the memory to build half of each
 * large node's histogram; close() the arena when the fit ends.
 */
export function createTreeArena(
  n: number,
  features: number,
  rowCapacity: number,
  histograms: number,
  share = false
): TreeArena | null {
  const module = kernelModule()
  if (!module) return null
  const histBytes = 16 * features * HIST_BINS
  const align = (x: number) => Math.ceil(x / 64) * 64
  // Layout: the helper's control block, histograms (8-byte aligned doubles), binning's edges and block of X,
  // then rows, scratch, gradients, then the bins.
  const oControl = 0
  const oHist = align(CONTROL_BYTES)
  const oEdges = align(oHist + histograms * histBytes)
  const oX = align(oEdges + features * 2048)
  const oRows = align(oX + 8 * features * BIN_BLOCK)
  // 16 rows of zeros past the row list: the histogram kernel reads 16 rows ahead (see the .wat).
  const oScratch = align(oRows + 4 * (rowCapacity + 16))
  const oGrad = align(oScratch + 4 * rowCapacity)
  const oBins = align(oGrad + 4 * n)
  const oCols = align(oBins + n * features)
  const total = oCols + n * features
  if (total > MAX_BYTES) return null
  const wa = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
  const memory = reserve(wa, Math.max(1, Math.ceil(total / PAGE)))
  if (!memory) return null
  const k = new wa.Instance(module, { env: { memory } }).exports as KernelExports
  const buf = memory.buffer
  const hists: Float64Array[] = []
  for (let s = 0; s < histograms; s++) hists.push(new Float64Array(buf, oHist + s * histBytes, histBytes / 8))
  const helper = share ? histogramHelper() : null
  const layout: HelperLayout = { control: oControl, bins: oBins, F: features, grad: oGrad, rows: oRows }
  const shared = helper ? new SharedHistograms(buf, layout, k.hist) : null
  if (helper) helper.attach(memory, layout)
  return {
    n,
    features,
    bins: new Uint8Array(buf, oBins, n * features),
    cols: new Uint8Array(buf, oCols, n * features),
    grad: new Float32Array(buf, oGrad, n),
    rows: new Uint32Array(buf, oRows, rowCapacity),
    hists,
    histogram(h, start, end) {
      if (shared && end - start >= SHARED_NODE_ROWS) shared.build(h.byteOffset, start, end)
      else k.hist(oBins, features, oGrad, oRows, start, end, h.byteOffset, 0, features)
    },
    partition(feature, bin, start, end) {
      return k.partition(oCols + feature * n, oRows, start, end, bin, oScratch)
    },
    binColumns(X, edges) {
      // binOf searches all but the last edge (a value above every edge lands in the last bin); the kernel
      // counts edges below x over 256 slots, the rest +infinity (below no value).
      const e = new Float64Array(buf, oEdges, features * 256).fill(Infinity)
      for (let f = 0; f < features; f++) e.set(edges[f].subarray(0, edges[f].length - 1), f * 256)
      const block = new Float64Array(buf, oX, features * BIN_BLOCK)
      for (let r0 = 0; r0 < n; r0 += BIN_BLOCK) {
        const m = Math.min(BIN_BLOCK, n - r0)
        block.set(X.subarray(r0 * features, (r0 + m) * features))
        k.bin(oX, features, m, oEdges, oCols, n, oBins, r0)
      }
    },
    close() {
      shared?.close()
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
