import { DEFAULT_GBM, type GbmParams } from '../ml/gbm'
import { fitLinearEncoder, linearDesign } from './design'
import type { Panel } from './panel'
import { itemFoldOf } from './folds'
import { logScaleSlope, meanCount } from './count-scale'
import { controlDesignAt, nuisance } from './dml-nuisance'

export interface DmlOptions {
  folds: number
  seed: number
  /** Use only price changes within items (the within transformation); see dmlEstimate. */
  withinItems: boolean
  /**
   * Cross-fitting repeated over this many random item splits; estimates are the median over
   * splits and the variance adds their spread (Chernozhukov et al. 2018, §3.4). One split's
   * estimate moves with the split by about a standard error; three keep that out of the answer.
   */
  repeats?: number
  gbm?: Partial<GbmParams>
  onProgress?: (share: number) => void
}

export const DEFAULT_REPEATS = 3
/**
 * Segments with at least this many items get period effects and a nuisance line of their own.
 * With fewer, a week's mean over the segment's items holds too much of each item's own price
 * change and a line fitted on a fold's dozen items is noisy: on the EdTech sample at a tenth of
 * its size (6–38 courses per category) with 5 as the bar, the courses' own estimates scattered
 * as if courses differed (estimated spread 0.05–0.06 at seeds 1–2, truth 0; 0–0.04 with 30).
 */
const OWN_SEGMENT_ITEMS = 30

/**
 * Everything the cross-fitting folds share, computed once (dmlPrepare): the targets after the fixed
 * effects, the nuisances' linear design, and each repeat's fold of every row. Plain typed arrays and
 * numbers, so it can be put in shared memory and read by every training worker without a copy.
 * Positions index `rows` (0..n−1).
 */
export interface DmlPrep {
  within: boolean
  repeats: number
  folds: number
  rows: Uint32Array
  /** log(1 + q) and log price, after the item (and period) effects when within. */
  yc: Float64Array
  dc: Float64Array
  /** What the fixed effects explain of log(1 + q) (within only): a row's level for the count scale. */
  yFitted: Float64Array | null
  /** Per item: whether its price changes (within items) or the panel's does (across). */
  varies: Uint8Array
  /** Per position: varies of the row's item. */
  rowVaries: Uint8Array
  design: { X: Float64Array; p: number }
  /** Per position: the row's segment where it has a nuisance line of its own, else −1. */
  segAt: Int32Array
  /** Repeat r's fold of position k at r · n + k: a function of the seed and the repeat alone. */
  foldOf: Uint8Array
  params: GbmParams
}

/** One fold's cross-fitted residuals at its test positions (0 where the item's price never changes). */
export interface DmlFoldResult {
  repeat: number
  fold: number
  at: Int32Array
  ry: Float64Array
  x: Float64Array
}

/** The shared part of the estimate, before any nuisance model is fitted (see dmlEstimate in dml.ts). */
export function dmlPrepare(panel: Panel, rows: Uint32Array, opts: DmlOptions): DmlPrep {
  const within = opts.withinItems && panel.n >= 2 * panel.itemIds.length
  const n = rows.length
  const R = Math.max(1, opts.repeats ?? DEFAULT_REPEATS)
  const y = Float64Array.from(rows, (i) => Math.log1p(panel.quantity[i]))
  const d = Float64Array.from(rows, (i) => Math.log(panel.price[i]))
  // Segments with enough items get their own period effects and their own nuisance line (issue 25):
  // a control or a season that moves demand differently by segment, partialled out across all
  // segments, leaves a segment-specific remainder that promotions (price cuts with features and
  // displays, timed to the segment's slow weeks) correlate with: on the 11-brand panel the worst
  // brand was 0.14–0.70 off a within-brand regression before (many-segments.test.ts).
  // Only within items: without item effects (every row its own item, as a panel without an item
  // column is read) a segment's own line would absorb the differences between stores that such an
  // estimate rests on, and the store-brand panel of pricing-panels.test.ts lost half its precision.
  const own = within
    ? segmentsOfTheirOwn(panel, rows, OWN_SEGMENT_ITEMS)
    : new Uint8Array(panel.segments.length)
  const groups = fixedEffectGroups(panel, rows, own)
  const yw = within ? fixedEffects(groups, y) : null
  const dw = within ? fixedEffects(groups, d) : null
  const dc = dw ? dw.resid : d
  // Items whose price never changes carry no within-item information about price.
  const varies = priceVaries(panel, rows, d, within)
  const params: GbmParams = {
    ...DEFAULT_GBM,
    // 20 trees a nuisance (with repeats: 3): on the sample at seeds 1 and 3, 40 trees gave the
    // same largest error (0.028–0.032 vs 0.029–0.031) at twice the cost, and a linear-only
    // nuisance nearly so (0.028–0.031); the trees are for interactions real data may have.
    nEstimators: 20,
    maxDepth: 4,
    learningRate: 0.15,
    earlyStoppingRounds: 0,
    seed: opts.seed,
    ...opts.gbm
  }
  const foldOf = new Uint8Array(R * n)
  for (let r = 0; r < R; r++) {
    const itemFold = itemFoldOf(panel, opts.folds, opts.seed + 17 + 1009 * r)
    rows.forEach((i, k) => (foldOf[r * n + k] = itemFold[panel.item[i]]))
  }
  return {
    within,
    repeats: R,
    folds: opts.folds,
    rows,
    yc: yw ? yw.resid : y,
    dc,
    yFitted: yw ? yw.fitted : null,
    varies,
    rowVaries: Uint8Array.from(rows, (i) => varies[panel.item[i]]),
    // The nuisances' linear design for every row, encoded once; with fixed effects its columns are
    // demeaned like demand and price. A control left raw (a feature ad share that differs by store)
    // would carry item-level differences the demeaned targets no longer have, bias its coefficient,
    // and leave a price-correlated remainder in both residuals.
    design: nuisanceDesign(panel, rows, within, groups),
    segAt: Int32Array.from(rows, (i) => (own[panel.segment[i]] ? panel.segment[i] : -1)),
    foldOf,
    params
  }
}

/**
 * One fold of one repeat: the nuisance models fitted on the other folds' items, and this fold's
 * residuals. Depends only on the prepared data, the repeat and the fold (never on the order folds
 * run in or the thread that runs them), so folds can run anywhere and be combined to the bit.
 */
export function dmlFold(
  controls: Float64Array[],
  prep: DmlPrep,
  repeat: number,
  fold: number,
  onHalf: () => void = () => undefined
): DmlFoldResult {
  const n = prep.rows.length
  const of = prep.foldOf.subarray(repeat * n, (repeat + 1) * n)
  let tested = 0
  for (let k = 0; k < n; k++) if (of[k] === fold) tested++
  const trainAt = new Int32Array(n - tested)
  const testAt = new Int32Array(tested)
  for (let k = 0, a = 0, b = 0; k < n; k++)
    if (of[k] === fold) testAt[b++] = k
    else trainAt[a++] = k
  const { yc, dc, yFitted } = prep
  const [my, md] = nuisance(
    prep.design,
    trainAt,
    testAt,
    controlDesignAt(controls, prep.rows, trainAt),
    controlDesignAt(controls, prep.rows, testAt),
    [Float64Array.from(trainAt, (k) => yc[k]), Float64Array.from(trainAt, (k) => dc[k])],
    prep.segAt,
    prep.params,
    onHalf
  )
  const ry = new Float64Array(tested)
  const x = new Float64Array(tested)
  testAt.forEach((j, k) => {
    if (!prep.rowVaries[j]) return
    const level = my[k] + (yFitted ? yFitted[j] : 0)
    ry[k] = yc[j] - my[k]
    x[k] = (dc[j] - md[k]) * logScaleSlope(meanCount(level))
  })
  return { repeat, fold, at: testAt, ry, x }
}

/** A fold's residuals into its repeat's arrays (each position is in exactly one fold's test set). */
export function placeFold(f: DmlFoldResult, ry: Float64Array, x: Float64Array): void {
  f.at.forEach((j, k) => {
    ry[j] = f.ry[k]
    x[j] = f.x[k]
  })
}

/** Segments with at least `few` items: each gets its own period effects and its own nuisance line. */
function segmentsOfTheirOwn(panel: Panel, rows: Uint32Array, few: number): Uint8Array {
  const items = Array.from(panel.segments, () => new Set<number>())
  rows.forEach((i) => items[panel.segment[i]].add(panel.item[i]))
  return Uint8Array.from(items, (s) => (s.size >= few ? 1 : 0))
}

function priceVaries(panel: Panel, rows: Uint32Array, d: Float64Array, within: boolean): Uint8Array {
  const I = panel.itemIds.length
  const out = new Uint8Array(I)
  if (!within) {
    let lo = Infinity
    let hi = -Infinity
    for (const v of d) {
      lo = Math.min(lo, v)
      hi = Math.max(hi, v)
    }
    return out.fill(hi - lo > 1e-9 ? 1 : 0)
  }
  const first = new Float64Array(I).fill(NaN)
  rows.forEach((i, k) => {
    const it = panel.item[i]
    if (Number.isNaN(first[it])) first[it] = d[k]
    else if (Math.abs(d[k] - first[it]) > 1e-9) out[it] = 1
  })
  return out
}

/**
 * Item fixed effects, and period fixed effects where the panel has periods (two-way:
 * alternating projections, exact for a balanced panel after one pass). Period effects
 * take out everything all items share in a week (season, trend, a holiday), which
 * smooth season terms in the controls only approximate; promotions timed to a slack
 * season would otherwise pull the estimate toward zero.
 */
function fixedEffects(groups: Groups, v: Float64Array): { resid: Float64Array; fitted: Float64Array } {
  const resid = demean(groups, v)
  return { resid, fitted: v.map((x, k) => x - resid[k]) }
}

interface Groups {
  codes: Int32Array[]
  counts: Float64Array[]
}

/**
 * Item codes, and period codes where the panel has periods: a segment of its own (`own`) gets its
 * own period effects (segment × period), the others share theirs, so a season that differs by
 * segment is taken out where it acts and a segment of one or two items keeps its price changes.
 */
function fixedEffectGroups(panel: Panel, rows: Uint32Array, own: Uint8Array): Groups {
  const codes = [Int32Array.from(rows, (i) => panel.item[i])]
  if (panel.period) {
    const period = panel.period
    const S = panel.segments.length
    codes.push(
      Int32Array.from(rows, (i) => {
        const s = panel.segment[i]
        return period[i] * (S + 1) + (own[s] ? s : S)
      })
    )
  }
  const counts = codes.map((g) => {
    let G = 0
    for (let k = 0; k < g.length; k++) if (g[k] >= G) G = g[k] + 1
    const c = new Float64Array(G)
    for (let k = 0; k < g.length; k++) c[g[k]]++
    return c
  })
  return { codes, counts }
}

/** Alternating projections until the largest correction is negligible (one pass for one-way effects). */
function demean(groups: Groups, v: Float64Array): Float64Array {
  const resid = Float64Array.from(v)
  const n = resid.length
  const maxPasses = groups.codes.length > 1 ? 50 : 1
  for (let pass = 0; pass < maxPasses; pass++) {
    let change = 0
    for (let gi = 0; gi < groups.codes.length; gi++) {
      const g = groups.codes[gi]
      const cnt = groups.counts[gi]
      const sum = new Float64Array(cnt.length)
      for (let k = 0; k < n; k++) sum[g[k]] += resid[k]
      for (let x = 0; x < sum.length; x++) {
        sum[x] = cnt[x] ? sum[x] / cnt[x] : 0
        if (gi > 0) change = Math.max(change, Math.abs(sum[x]))
      }
      for (let k = 0; k < n; k++) resid[k] -= sum[g[k]]
    }
    if (change < 1e-10) break
  }
  return resid
}

/** The encoded controls (no price) of every row, demeaned by item and period when the estimate is within items. */
function nuisanceDesign(
  panel: Panel,
  rows: Uint32Array,
  within: boolean,
  groups: Groups
): { X: Float64Array; p: number } {
  const enc = fitLinearEncoder(panel, rows, 0)
  const L = linearDesign(panel, rows, enc, { kind: 'poly', degree: 0 })
  if (!within) return { X: L.X, p: L.p }
  const n = rows.length
  // Column 0 (the intercept) stays: the demeaned targets still have a mean to absorb in a fold.
  // Columns the fixed effects absorb entirely (traits constant within an item) are dropped.
  // In place, one column at a time (a copy of the design per column set was 2 × n × p doubles).
  const X = L.X
  const kept = [0]
  const col = new Float64Array(n)
  for (let j = 1; j < L.p; j++) {
    let scale = 0
    for (let k = 0; k < n; k++) {
      col[k] = X[k * L.p + j]
      scale += col[k] * col[k]
    }
    const r = demean(groups, col)
    let ss = 0
    for (let k = 0; k < n; k++) ss += r[k] * r[k]
    if (ss > 1e-9 * Math.max(1e-12, scale)) {
      kept.push(j)
      for (let k = 0; k < n; k++) X[k * L.p + j] = r[k]
    }
  }
  const p = kept.length
  // Compact the kept columns to the front, row by row: a row's new place never lies after its old one.
  for (let k = 0; k < n; k++) for (let c = 0; c < p; c++) X[k * p + c] = X[k * L.p + kept[c]]
  return { X: X.subarray(0, n * p), p }
}
