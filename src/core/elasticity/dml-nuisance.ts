import { fitGbm, predictGbm, type GbmParams } from '../ml/gbm'
import { Matrix } from 'ml-matrix'
import { isSolvable, solveLinear } from '../ml/linear'

/**
 * The controls only (no column of the row's own price) at the given positions of `rows`: the
 * nuisance trees' inputs. Takes the control columns alone, so a cross-fitting task in a worker
 * needs none of the panel's names and labels.
 */
export function controlDesignAt(
  controls: Float64Array[],
  rows: Uint32Array,
  at: Int32Array
): { X: Float64Array; F: number } {
  const F = Math.max(1, controls.length)
  const X = new Float64Array(at.length * F)
  at.forEach((j, k) => controls.forEach((c, ci) => (X[k * F + ci] = c[rows[j]])))
  return { X, F }
}

/**
 * Nuisance predictions (demand and price, from the same controls): linear in the encoded
 * controls first, then boosted trees on what the line leaves. Trees alone approximate
 * smooth effects (quality → price and demand) in steps; the small leftover they miss is
 * exactly the kind of shared error that biases a DML estimate toward zero. The line is fitted
 * within each segment of its own (`segAt` ≥ 0: its own coefficients, e.g. a display that sells
 * three times more of one brand and a tenth more of another) and across the rest; the design's
 * cross products are built once for both targets.
 */
export function nuisance(
  L: { X: Float64Array; p: number },
  trainAt: Int32Array,
  testAt: Int32Array,
  tr: { X: Float64Array; F: number },
  te: { X: Float64Array; F: number },
  ys: Float64Array[],
  segAt: Int32Array,
  params: GbmParams,
  onHalf: () => void
): Float64Array[] {
  const lines = linearFits(L, trainAt, testAt, segAt)
  return ys.map((y, t) => {
    const base = new Float64Array(trainAt.length)
    const lin = new Float64Array(testAt.length)
    for (const f of lines) {
      const xty = new Float64Array(L.p)
      for (const k of f.train) {
        const o = trainAt[k] * L.p
        for (let j = 0; j < L.p; j++) xty[j] += L.X[o + j] * y[k]
      }
      const beta = solveLinear(f.xtx, xty).beta
      predictInto(beta, L, trainAt, f.train, base)
      predictInto(beta, L, testAt, f.test, lin)
    }
    const resid = Float64Array.from(y, (v, k) => v - base[k])
    const trees = fitGbm(tr.X, resid, tr.F, params)
    const boost = predictGbm(trees, te.X, testAt.length)
    if (t === 0) onHalf()
    return Float64Array.from(lin, (v, k) => v + boost[k])
  })
}

/** A segment's line needs this many training rows per column (and at least MIN_SEGMENT_ROWS). */
const ROWS_PER_COLUMN = 10
const MIN_SEGMENT_ROWS = 100

/**
 * The linear nuisance fits of one fold: one per segment of its own with enough training rows
 * (indices into trainAt / testAt), and one across every other row. A segment whose own design
 * is singular (a control that never varies in it) falls back to the shared line.
 */
function linearFits(
  L: { X: Float64Array; p: number },
  trainAt: Int32Array,
  testAt: Int32Array,
  segAt: Int32Array
): { xtx: Matrix; train: number[]; test: number[] }[] {
  const bySeg = new Map<number, { train: number[]; test: number[] }>()
  const slot = (s: number) => bySeg.get(s) ?? bySeg.set(s, { train: [], test: [] }).get(s)!
  trainAt.forEach((j, k) => slot(segAt[j]).train.push(k))
  testAt.forEach((j, k) => slot(segAt[j]).test.push(k))
  const shared = slot(-1)
  const fits: { xtx: Matrix; train: number[]; test: number[] }[] = []
  for (const [s, g] of bySeg) {
    if (s < 0) continue
    const enough = g.train.length >= Math.max(MIN_SEGMENT_ROWS, ROWS_PER_COLUMN * L.p)
    const xtx = enough
      ? crossProductsAt(
          L.X,
          L.p,
          Int32Array.from(g.train, (k) => trainAt[k])
        )
      : null
    if (xtx && isSolvable(xtx)) fits.push({ xtx, ...g })
    else shared.test.push(...g.test)
  }
  // The shared line is fitted on every training row (as before segments had lines of their own).
  const all = Array.from(trainAt, (_, k) => k)
  fits.push({ xtx: crossProductsAt(L.X, L.p, trainAt), train: all, test: shared.test })
  // Rows of a segment with its own line are predicted by it: the shared line's predictions come first.
  return [fits[fits.length - 1], ...fits.slice(0, -1)]
}

function predictInto(
  beta: Float64Array,
  L: { X: Float64Array; p: number },
  at: Int32Array,
  ks: number[],
  out: Float64Array
): void {
  for (const k of ks) {
    let v = 0
    const o = at[k] * L.p
    for (let j = 0; j < L.p; j++) v += L.X[o + j] * beta[j]
    out[k] = v
  }
}

/** XᵀX over the given rows of a row-major design (as crossProducts, without copying the rows out). */
function crossProductsAt(X: Float64Array, p: number, at: Int32Array): Matrix {
  const xtx = new Float64Array(p * p)
  for (let k = 0; k < at.length; k++) {
    const o = at[k] * p
    for (let a = 0; a < p; a++) {
      const xa = X[o + a]
      if (xa === 0) continue
      const ro = a * p
      for (let b = a; b < p; b++) xtx[ro + b] += xa * X[o + b]
    }
  }
  const m = new Matrix(p, p)
  for (let a = 0; a < p; a++)
    for (let b = a; b < p; b++) m.set(a, b, xtx[a * p + b]).set(b, a, xtx[a * p + b])
  return m
}
