import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { binMatrix } from '../../../src/core/ml/binning'
import { DEFAULT_GBM, fitGbm } from '../../../src/core/ml/gbm'
import {
  arenaMemoryReuses,
  chunkRange,
  chunksOf,
  createTreeArena,
  halves,
  HALVES_ROWS
} from '../../../src/core/ml/kernels'
import { CONTROL_BYTES } from '../../../src/core/ml/hist-threads'
import { growTree, type TreeParams } from '../../../src/core/ml/tree'
import { TREE_KERNELS_WASM_HEX } from '../../../src/core/ml/wasm/tree-kernels-wasm'
import { Rng } from '../../../src/core/util/rng'

const require = createRequire(import.meta.url)
const { compileWat } = require('../../../scripts/build-wasm.cjs') as {
  compileWat: (path: string) => Promise<Buffer>
}

/** Features of every kind the learner meets: continuous, few-valued (2–3 codes), integer-coded, constant. */
function data(n: number, seed: number) {
  const rng = new Rng(seed)
  const F = 6
  const X = new Float64Array(n * F)
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const o = i * F
    X[o] = rng.normal()
    X[o + 1] = rng.next() < 0.9 ? 0 : rng.int(3)
    X[o + 2] = rng.int(40)
    X[o + 3] = Math.exp(rng.normal())
    X[o + 4] = 7
    X[o + 5] = rng.normal()
    y[i] = 2 * X[o] + (X[o + 1] > 0 ? 1.5 : 0) + Math.sin(X[o + 2] / 6) + Math.log(X[o + 3]) + rng.normal()
  }
  return { X, y, F, n }
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  CompileError: new (message: string) => Error
  Instance: new (module: object, imports: object) => { exports: unknown }
  Memory: new (size: { initial: number; maximum: number; shared: boolean }) => { buffer: ArrayBufferLike }
}

const GBM_TREE: TreeParams = {
  maxDepth: 6,
  minSamplesLeaf: 20,
  lambda: 1,
  featureFraction: 1,
  minGain: 1e-12
}
const FOREST_TREE: TreeParams = {
  maxDepth: 14,
  minSamplesLeaf: 5,
  lambda: 0,
  featureFraction: 1,
  minGain: 1e-12
}

describe('WebAssembly tree kernels', () => {
  it('the committed module is the compiled tree-kernels.wat (run `npm run wasm` after editing it)', async () => {
    const bytes = await compileWat(join(__dirname, '../../../src/core/ml/wasm/tree-kernels.wat'))
    expect(TREE_KERNELS_WASM_HEX).toBe(bytes.toString('hex'))
  })

  it('grows the same trees as the JavaScript loops, over seeds, boosting and bootstrap rows', () => {
    for (const seed of [1, 2, 3]) {
      const { X, y, F, n } = data(6000, seed)
      const rng = new Rng(seed + 10)
      const grad = new Float32Array(n)
      for (let i = 0; i < n; i++) grad[i] = y[i] - 0.3 + 0.01 * rng.normal()
      // All rows (boosting without subsampling), a sorted subsample, and a bootstrap with repeated rows.
      const all = Uint32Array.from({ length: n }, (_, i) => i)
      const sub = all.filter(() => rng.next() < 0.7)
      const boot = Uint32Array.from({ length: n / 2 }, () => rng.int(n)).sort()
      for (const [rows, params] of [
        [all, GBM_TREE],
        [sub, GBM_TREE],
        [boot, FOREST_TREE]
      ] as const) {
        const arena = createTreeArena(n, F, n, params.maxDepth + 4)
        expect(arena).not.toBeNull()
        const fast = binMatrix(X, n, F, 255, arena)
        const plain = binMatrix(X, n, F, 255)
        expect(plain.arena).toBeNull()
        expect(Array.from(fast.bins)).toEqual(Array.from(plain.bins))
        const leavesFast: number[] = []
        const leavesPlain: number[] = []
        const a = growTree(fast, grad, rows, params, null, (v, r, s, e) => leavesFast.push(v, e - s, r[s]))
        const b = growTree(plain, grad, rows.slice(), params, null, (v, r, s, e) =>
          leavesPlain.push(v, e - s, r[s])
        )
        expect(a.feature.length).toBeGreaterThan(params === GBM_TREE ? 40 : 200)
        expect(a).toEqual(b)
        expect(leavesFast).toEqual(leavesPlain)
      }
    }
  })

  it('codes values in the module exactly as the JavaScript search: NaN, ±∞, −0, edges themselves, 255 bins', () => {
    for (const seed of [1, 2]) {
      const rng = new Rng(seed)
      const n = 9_000
      const F = 5
      const X = new Float64Array(n * F)
      for (let i = 0; i < n; i++) {
        const o = i * F
        const u = rng.next()
        X[o] = u < 0.03 ? NaN : u < 0.05 ? Infinity : u < 0.07 ? -Infinity : rng.normal()
        X[o + 1] = rng.next() < 0.5 ? -0 : rng.int(4) - 1.5
        X[o + 2] = rng.int(300)
        X[o + 3] = 3
        X[o + 4] = rng.next() < 0.1 ? NaN : Math.exp(4 * rng.normal())
      }
      const plain = binMatrix(X, n, F, 255)
      // Values equal to an edge (the search's ties) and beyond the last one.
      for (let i = 0; i < 200; i++) X[i * F + 4] = plain.edges[4][i % plain.edges[4].length]
      const again = binMatrix(X, n, F, 255)
      const fast = binMatrix(X, n, F, 255, createTreeArena(n, F, n, 1))
      expect(fast.arena).not.toBeNull()
      expect(Buffer.from(fast.bins).equals(Buffer.from(again.bins))).toBe(true)
      // No column-major copy in the arena (its splits read the row lists' records).
      expect(fast.cols).toBeNull()
      expect(new Set(again.bins.filter((_, k) => k % F === 2)).size).toBeGreaterThan(240)
    }
  })

  it('runs the JavaScript loops where the engine refuses the module (no SIMD there)', async () => {
    const wa = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
    vi.resetModules()
    vi.stubGlobal('WebAssembly', {
      Module: function refuse() {
        throw new wa.CompileError('WebAssembly.Module(): invalid value type 0x7b')
      },
      Instance: wa.Instance,
      Memory: wa.Memory,
      CompileError: wa.CompileError
    })
    try {
      const fresh = await import('../../../src/core/ml/kernels')
      expect(fresh.treeKernels()).toBe('javascript')
      expect(fresh.createTreeArena(1000, 3, 1000, 2)).toBeNull()
    } finally {
      vi.unstubAllGlobals()
      vi.resetModules()
    }
  })

  it('declines a fit too large for its 32-bit memory (the learner then runs its JavaScript loops)', () => {
    // 2 × 11 codes a row over 2^27 rows: 2.9 GB of codes alone, past the 2 GB the arena allows itself.
    expect(createTreeArena(2 ** 27, 11, 2 ** 27, 10)).toBeNull()
    expect(createTreeArena(1000, 11, 1000, 10)).not.toBeNull()
  })

  it('splits a node stably into the other row list and sums its histogram exactly', () => {
    const { X, F, n } = data(3000, 7)
    const arena = createTreeArena(n, F, n, 1)!
    const m = binMatrix(X, n, F, 255, arena)
    const rng = new Rng(8)
    for (let i = 0; i < n; i++) arena.grad[i] = rng.normal()
    const rows = Uint32Array.from({ length: n }, (_, i) => i).filter(() => rng.next() < 0.5)
    arena.rows.set(rows)
    arena.orderGradients(rows.length, false)
    const h = arena.hists[0]
    arena.histogram(h, 100, rows.length - 50, arena.rows)
    for (let f = 0; f < F; f++)
      for (let b = 0; b < 256; b++) {
        let g = 0
        let c = 0
        for (let k = 100; k < rows.length - 50; k++)
          if (m.bins[rows[k] * F + f] === b) {
            g += arena.grad[rows[k]]
            c++
          }
        expect(h[2 * (f * 256 + b)]).toBe(g)
        expect(h[2 * (f * 256 + b) + 1]).toBe(c)
      }
    const inner = Array.from(rows.subarray(10, rows.length - 10))
    const left = inner.filter((r) => m.bins[r * F] <= 100)
    const right = inner.filter((r) => m.bins[r * F] > 100)
    expect(left.length).toBeGreaterThan(100)
    expect(right.length).toBeGreaterThan(100)
    // The children go to the second list at the node's positions, the first list is left as it was.
    const to = arena.split(0, 100, 10, rows.length - 10, left.length, arena.rows)
    expect(to).toBe(arena.rows2)
    expect(Array.from(arena.rows2.subarray(10, rows.length - 10))).toEqual([...left, ...right])
    expect(Array.from(arena.rows.subarray(0, rows.length))).toEqual(Array.from(rows))
    // The left child's histogram from the second list sums its rows' gradients (moved with them).
    arena.histogram(h, 10, 10 + left.length, arena.rows2)
    for (let b = 0; b < 256; b++) {
      let g = 0
      let c = 0
      for (const r of left)
        if (m.bins[r * F] === b) {
          g += arena.grad[r]
          c++
        }
      expect(h[2 * b]).toBe(g)
      expect(h[2 * b + 1]).toBe(c)
    }
    // And back: the right child split again, from the second list to the first.
    const right2 = right.filter((r) => m.bins[r * F + 1] <= 50)
    const back = arena.split(1, 50, 10 + left.length, rows.length - 10, right2.length, arena.rows2)
    expect(back).toBe(arena.rows)
    expect(Array.from(arena.rows.subarray(10 + left.length, rows.length - 10))).toEqual([
      ...right2,
      ...right.filter((r) => m.bins[r * F + 1] > 50)
    ])
  })

  it('sums a node and its split child of every feature count exactly: features eight, four, two, one at a time', () => {
    // F = 1…19 takes every mix of the unrolled steps (19: two eights, a two and a one); gradients over 40
    // binary orders of magnitude, so any other order of addition shows in the bits.
    for (let F = 1; F <= 19; F++) {
      const n = 1500
      const rng = new Rng(F)
      const X = new Float64Array(n * F)
      for (let i = 0; i < X.length; i++) X[i] = i % F === 0 ? rng.int(3) : rng.normal()
      const arena = createTreeArena(n, F, n, 1)!
      const m = binMatrix(X, n, F, 255, arena)
      for (let i = 0; i < n; i++) arena.grad[i] = rng.normal() * 2 ** (rng.int(40) - 20)
      const rows = Uint32Array.from({ length: n }, (_, i) => i).filter(() => rng.next() < 0.6)
      arena.rows.set(rows)
      arena.orderGradients(rows.length, false)
      const h = arena.hists[0]
      h.fill(NaN)
      arena.histogram(h, 7, rows.length - 3, arena.rows)
      const g = new Float64Array(2 * 256 * F)
      for (let k = 7; k < rows.length - 3; k++)
        for (let f = 0; f < F; f++) {
          const at = 2 * (f * 256 + m.bins[rows[k] * F + f])
          g[at] += arena.grad[rows[k]]
          g[at + 1]++
        }
      expect(Array.from(h.subarray(0, g.length))).toEqual(Array.from(g))
      // Split on the last feature into the second list (each row's record moved with it: 16 bytes up to 12
      // features, 32 past): the left child's histogram, read from the moved records, sums its rows exactly.
      const inner = Array.from(rows.subarray(7, rows.length - 3))
      const bin = 100
      const left = inner.filter((r) => m.bins[r * F + F - 1] <= bin)
      expect(left.length).toBeGreaterThan(100)
      const to = arena.split(F - 1, bin, 7, rows.length - 3, left.length, arena.rows)
      expect(Array.from(to.subarray(7, 7 + left.length))).toEqual(left)
      arena.histogram(h, 7, 7 + left.length, to)
      g.fill(0)
      for (const r of left)
        for (let f = 0; f < F; f++) {
          const at = 2 * (f * 256 + m.bins[r * F + f])
          g[at] += arena.grad[r]
          g[at + 1]++
        }
      expect(Array.from(h.subarray(0, g.length))).toEqual(Array.from(g))
      arena.close()
    }
  })

  it('a split taken from both ends (forward blocks, then backward blocks) writes the stable partition', () => {
    // The kernels themselves, as two threads run them (kernels.ts's JOB_SPLIT): every cut between the blocks the
    // fitting thread walks forward and those the helper walks backward gives the same rows and records.
    // The core's WebAssembly API slice (the tests compile against ES2022 too, which does not declare it).
    const wa = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
    const memory = new wa.Memory({ initial: 2, maximum: 2, shared: true })
    const bytes = Uint8Array.from(Buffer.from(TREE_KERNELS_WASM_HEX, 'hex'))
    const k = new wa.Instance(new wa.Module(bytes), { env: { memory } }).exports as Record<
      string,
      (...a: number[]) => void
    >
    const n = 1000
    // Source codes 24 bytes a position (the split reads feature 5's); records of 32 bytes (two blocks), each
    // row's gradient in the last 4. The source's gradients in its records (at byte 20 of 24) or in an array.
    const [src, garr, dst, cur, sc, dc] = [4096, 12288, 20480, 36864, 40960, 65536]
    const [f, sstride, cstride] = [5, 24, 32]
    const rng = new Rng(30)
    const rows = new Uint32Array(memory.buffer, src, n)
    const from = new Uint8Array(memory.buffer, sc, n * sstride)
    for (let i = 0; i < n * sstride; i++) from[i] = rng.int(256)
    const codeAt = (p: number) => from[p * sstride + f]
    for (let i = 0; i < n; i++) {
      from[i * sstride + f] = rng.int(9)
      rows[i] = n - 1 - i
    }
    new Float32Array(memory.buffer, garr, n).set(Float32Array.from({ length: n }, () => rng.normal()))
    const [start, end, bin] = [13, n - 21, 4]
    const order = Array.from({ length: end - start }, (_, i) => start + i)
    const left = order.filter((p) => codeAt(p) <= bin)
    const want = [...left, ...order.filter((p) => codeAt(p) > bin)]
    const L = left.length
    const blocks = 5
    for (const [sg, sgstride] of [
      [sc + 20, sstride],
      [garr, 4]
    ]) {
      const gradientBits = (p: number) =>
        new Uint32Array(memory.buffer.slice(sg + p * sgstride, sg + p * sgstride + 4))[0]
      for (let front = 0; front <= blocks; front++) {
        new Uint32Array(memory.buffer, dst, n).fill(0)
        new Uint8Array(memory.buffer, dc, n * cstride).fill(0)
        const c = new Int32Array(memory.buffer, cur, 4)
        c.set([start, start + L, start + L, end])
        const lists = [sc, sstride, sg, sgstride, src, dc, cstride, dst] as const
        for (let b = 0; b < front; b++) k.split(f, ...lists, ...chunkRange(b, blocks, start, end), bin, cur)
        for (let b = blocks - 1; b >= front; b--)
          k.splitback(f, ...lists, ...chunkRange(b, blocks, start, end), bin, cur + 8)
        expect(Array.from(new Uint32Array(memory.buffer, dst + 4 * start, end - start))).toEqual(
          want.map((p) => rows[p])
        )
        // Each row's record moved with it: its codes (the source's first 20 bytes), its gradient in the last 4.
        const moved = new Uint8Array(memory.buffer, dc, n * cstride)
        const words = new Uint32Array(memory.buffer, dc, (n * cstride) / 4)
        want.forEach((p, i) => {
          const at = (start + i) * cstride
          expect(Array.from(moved.subarray(at, at + 20))).toEqual(
            Array.from(from.subarray(p * sstride, p * sstride + 20))
          )
          expect(words[(at + cstride - 4) / 4]).toBe(gradientBits(p))
        })
      }
    }
  })

  it('boosting with its scores in the arena grows the trees of the plain JavaScript loop, squared and logistic', () => {
    // The reference: every step in JavaScript (predictions, gradients, leaf updates row by row) on the JS tree
    // loops; the root's gradient sum over the two fixed halves of the rows, as the arena's step sums it. Depth 1
    // and 2: the leaves of a root holding every row in order, and of its children, told apart by their codes.
    for (const [seed, loss, maxDepth] of [
      [11, 'squared', 6],
      [12, 'logistic', 6],
      [13, 'squared', 1],
      [14, 'squared', 2]
    ] as const) {
      const { X, y: raw, F, n } = data(9000, seed)
      const y = loss === 'logistic' ? raw.map((v) => (v > 1 ? 1 : 0)) : raw
      const params = { ...DEFAULT_GBM, subsample: 1, earlyStoppingRounds: 0, nEstimators: 6, loss, maxDepth }
      const model = fitGbm(X, y, F, params)
      const plain = binMatrix(X, n, F, 255)
      let base = y.reduce((a, b) => a + b, 0) / n
      if (loss === 'logistic') base = Math.log(base / (1 - base))
      expect(model.base).toBe(base)
      const pred = new Float64Array(n).fill(base)
      const grad = new Float32Array(n)
      const all = Uint32Array.from({ length: n }, (_, i) => i)
      for (const [m, fitted] of model.trees.entries()) {
        for (let i = 0; i < n; i++)
          grad[i] = loss === 'logistic' ? 1 / (1 + Math.exp(-pred[i])) - y[i] : pred[i] - y[i]
        let g0 = 0
        let g1 = 0
        for (let i = 0; i < n >> 1; i++) g0 += grad[i]
        for (let i = n >> 1; i < n; i++) g1 += grad[i]
        const tree = growTree(
          plain,
          grad,
          all.slice(),
          { ...GBM_TREE, maxDepth, rootGradSum: loss === 'squared' ? g0 + g1 : undefined },
          null,
          (v, r, s, e) => {
            for (let k = s; k < e; k++) pred[r[k]] += v * params.learningRate
          }
        )
        for (let k = 0; k < tree.value.length; k++) tree.value[k] *= params.learningRate
        expect(fitted.feature, `tree ${m}`).toEqual(tree.feature)
        expect(fitted.threshold).toEqual(tree.threshold)
        expect(fitted.value).toEqual(tree.value)
      }
    }
  })

  it('a closed arena’s memory serves the next one, and a fit on it whatever bytes the last left grows the same trees', () => {
    // Boosting with its scores in the arena (leaf per row, row lists' padding) and without (subsampled).
    const big = data(20_000, 31)
    const small = data(9_000, 32)
    const params = { ...DEFAULT_GBM, subsample: 1, earlyStoppingRounds: 0, nEstimators: 8 }
    const sampled = { ...params, subsample: 0.7 }
    const fits = () => [
      fitGbm(small.X, small.y, small.F, params),
      fitGbm(small.X, small.y, small.F, sampled),
      fitGbm(big.X, big.y, big.F, params)
    ]
    const fresh = fits()
    // The largest closed memory is kept: every later arena of a smaller or equal fit takes it.
    const arena = createTreeArena(big.n, big.F, big.n, 10, { leaves: 64 })!
    const memory = arena.bins.buffer
    arena.close()
    const again = createTreeArena(small.n, small.F, small.n, 10, { leaves: 64 })!
    expect(again.bins.buffer).toBe(memory)
    // What a last fit could leave: every byte past the control block 0x7f (a row number 0x7f7f7f7f, read by the
    // histogram's look-ahead where this fit has not written, lies far outside the memory; a leaf number 0x7f7f).
    new Uint8Array(memory, CONTROL_BYTES).fill(0x7f)
    again.close()
    const before = arenaMemoryReuses()
    const reused = fits()
    expect(arenaMemoryReuses() - before).toBe(3)
    expect(reused).toEqual(fresh)
  })

  it('sums a large node as its chunks of rows added in order, the same in the module and in JavaScript', () => {
    // Two halves up to 32,767 rows; past that one chunk per 16,384 rows (6 here), at most 8.
    for (const rows of [2 * HALVES_ROWS + 301, 5 * 16_384 + 77]) {
      const { X, F, n } = data(rows, 9)
      const arena = createTreeArena(n, F, n, 1)!
      const m = binMatrix(X, n, F, 255, arena)
      const rng = new Rng(10)
      // Gradients over 40 binary orders of magnitude: their sums in doubles depend on the order of addition.
      for (let i = 0; i < n; i++) arena.grad[i] = rng.normal() * 2 ** (rng.int(40) - 20)
      arena.rows.set(Uint32Array.from({ length: n }, (_, i) => i))
      arena.orderGradients(n, false)
      const h = arena.hists[0]
      const start = 3
      const end = n - 5
      arena.histogram(h, start, end, arena.rows)
      const count = chunksOf(end - start)
      expect(count).toBe(rows < 32_768 ? 2 : 6)
      expect(chunkRange(0, 2, start, end)).toEqual([start, halves(start, end)])
      let differs = 0
      for (let f = 0; f < F; f++)
        for (let b = 0; b < 256; b++) {
          const sum = (s: number, e: number) => {
            let g = 0
            for (let k = s; k < e; k++) if (m.bins[k * F + f] === b) g += arena.grad[k]
            return g
          }
          let folded = sum(...chunkRange(0, count, start, end))
          for (let x = 1; x < count; x++) folded += sum(...chunkRange(x, count, start, end))
          expect(h[2 * (f * 256 + b)]).toBe(folded)
          if (folded !== sum(start, end)) differs++
        }
      // The rule is visible: some bins' sums differ from one pass over the rows.
      expect(differs).toBeGreaterThan(0)
      // The JavaScript loops follow the same rule: the same tree from the same (order-sensitive) gradients.
      const grad = arena.grad.slice()
      const all = Uint32Array.from({ length: n }, (_, i) => i)
      const a = growTree(m, grad, all, GBM_TREE, null)
      const b = growTree(binMatrix(X, n, F, 255), grad, all.slice(), GBM_TREE, null)
      expect(a).toEqual(b)
    }
  })
})
