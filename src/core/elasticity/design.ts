import type { Control, Panel } from './panel'
import { itemMeanLogPrices } from './item-baseline'

/** What to change when building a design: a price multiplier (for elasticities) or one permuted input (for importance). */
export interface Variation {
  priceFactor?: number
  /** A price per row (aligned with the rows passed), e.g. the prices a user asks about; the factor still applies. */
  prices?: Float64Array
  /** Name of a control, or 'price': its values are taken in this row order. */
  permute?: { input: string; order: Uint32Array }
}

const HARMONICS = 3

function priceOf(panel: Panel, i: number, v: Variation, k: number): number {
  if (v.prices) return v.prices[k] * (v.priceFactor ?? 1)
  const j = v.permute?.input === 'price' ? v.permute.order[i] : i
  return panel.price[j] * (v.priceFactor ?? 1)
}

function controlValue(panel: Panel, c: number, i: number, v: Variation): number {
  const ctl = panel.controls[c]
  const j = v.permute?.input === ctl.name ? v.permute.order[i] : i
  return ctl.values[j]
}

/**
 * Trees see log price, price relative to the segment's average price that period,
 * and every control as one column (categories as codes, which trees split freely).
 * With an item baseline (itemRelative), also the log price relative to the item's
 * own average: the within-item change a price decision makes.
 */
export function treeDesign(
  panel: Panel,
  rows: Uint32Array,
  v: Variation = {},
  itemRelative = false
): { X: Float64Array; F: number; names: string[] } {
  const C = panel.controls.length
  const R = itemRelative ? 1 : 0
  const F = 3 + R + C
  const X = new Float64Array(rows.length * F)
  const itemLog = itemRelative ? itemMeanLogPrices(panel) : null
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]
    const p = priceOf(panel, i, v, k)
    const o = k * F
    X[o] = Math.log(p)
    X[o + 1] = p / panel.refPrice[i]
    X[o + 2] = Math.log(p) - Math.log(panel.refPrice[i])
    if (itemLog) X[o + 3] = Math.log(p) - itemLog[panel.item[i]]
    for (let c = 0; c < C; c++) X[o + 3 + R + c] = controlValue(panel, c, i, v)
  }
  return {
    X,
    F,
    names: [
      'log_price',
      'price_vs_segment_avg',
      'competitive_index',
      ...(itemRelative ? ['log_price_vs_item_avg'] : []),
      ...panel.controls.map((c) => c.name)
    ]
  }
}

/** Fitted once on training rows, so test rows and perturbed prices are encoded the same way. */
export interface LinearEncoderState {
  means: number[]
  sds: number[]
  logPriceCenter: number
  logPriceScale: number
  /** GAM: B-spline knots over the training range of centered log price. */
  knots: number[] | null
  /**
   * Harmonics per control (cyclic ones only matter): 3 where the training rows cover most
   * of the cycle, 1 where they do not (a time holdout on one year of data): higher
   * harmonics fitted on part of a year swing wildly over the weeks they never saw.
   * Absent in models saved before it: 3.
   */
  harmonics?: number[]
}

export function fitLinearEncoder(panel: Panel, rows: Uint32Array, splineBasis: number): LinearEncoderState {
  const means: number[] = []
  const sds: number[] = []
  for (const c of panel.controls) {
    let s = 0
    let s2 = 0
    for (const i of rows) {
      s += c.values[i]
      s2 += c.values[i] * c.values[i]
    }
    const m = s / rows.length
    means.push(m)
    sds.push(Math.sqrt(Math.max(1e-12, s2 / rows.length - m * m)))
  }
  let lo = Infinity
  let hi = -Infinity
  let sum = 0
  for (const i of rows) {
    const lp = Math.log(panel.price[i])
    sum += lp
    lo = Math.min(lo, lp)
    hi = Math.max(hi, lp)
  }
  const center = sum / rows.length
  const scale = Math.max(1e-6, (hi - lo) / 2)
  let knots: number[] | null = null
  if (splineBasis > 0) {
    // Cubic B-splines: splineBasis functions need splineBasis + 4 knots, equally spaced, extended beyond the range.
    const a = (lo - center) / scale
    const b = (hi - center) / scale
    const inner = splineBasis - 3
    const step = (b - a) / inner
    knots = Array.from({ length: splineBasis + 4 }, (_, k) => a + (k - 3) * step)
  }
  const harmonics = panel.controls.map((c) => (c.kind === 'cyclic' ? cycleHarmonics(c, rows) : 0))
  return { means, sds, logPriceCenter: center, logPriceScale: scale, knots, harmonics }
}

/** 3 harmonics when the rows cover at least 75% of the cycle's positions, else 1. */
function cycleHarmonics(c: Control, rows: Uint32Array): number {
  const period = Math.max(1, Math.round(c.period as number))
  const seen = new Uint8Array(period)
  for (const i of rows) seen[((Math.round(c.values[i]) % period) + period) % period] = 1
  const covered = seen.reduce((a, b) => a + b, 0) / period
  return covered >= 0.75 ? HARMONICS : 1
}

function harmonicsOf(enc: LinearEncoderState, ci: number): number {
  return enc.harmonics?.[ci] ?? HARMONICS
}

export type PriceTerms = { kind: 'poly'; degree: number } | { kind: 'spline' }

/**
 * Columns: intercept, price terms (scaled log price powers or B-splines), one extra
 * log-price slope per segment but the first (so each segment may have its own
 * elasticity), then encoded controls.
 */
export function linearDesign(
  panel: Panel,
  rows: Uint32Array,
  enc: LinearEncoderState,
  terms: PriceTerms,
  v: Variation = {}
): { X: Float64Array; p: number; priceColumns: number } {
  const curveCols = terms.kind === 'poly' ? terms.degree : (enc.knots as number[]).length - 4
  const S = terms.kind === 'poly' && terms.degree === 0 ? 0 : Math.max(0, panel.segments.length - 1)
  const priceCols = curveCols + S
  let ctlCols = 0
  panel.controls.forEach((c, ci) => {
    ctlCols +=
      c.kind === 'numeric' ? 1 : c.kind === 'cyclic' ? 2 * harmonicsOf(enc, ci) : (c.levels?.length ?? 1) - 1
  })
  const p = 1 + priceCols + ctlCols
  const X = new Float64Array(rows.length * p)
  // Each control's encoding, looked up once instead of per row (the same arithmetic, in the same order).
  const ctl = panel.controls.map((c, ci) => ({
    kind: c.kind,
    mean: enc.means[ci],
    sd: enc.sds[ci],
    harmonics: c.kind === 'cyclic' ? harmonicsOf(enc, ci) : 0,
    period: c.period as number,
    levels: (c.levels?.length ?? 1) - 1
  }))
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]
    const o = k * p
    X[o] = 1
    const z = (Math.log(priceOf(panel, i, v, k)) - enc.logPriceCenter) / enc.logPriceScale
    if (terms.kind === 'poly') {
      let t = 1
      for (let d = 0; d < terms.degree; d++) X[o + 1 + d] = t *= z
    } else bsplineRow(enc.knots as number[], z, X, o + 1)
    const seg = panel.segment[i]
    if (S && seg > 0) X[o + 1 + curveCols + seg - 1] = z
    let col = o + 1 + priceCols
    for (let ci = 0; ci < ctl.length; ci++) {
      const c = ctl[ci]
      const x = controlValue(panel, ci, i, v)
      if (c.kind === 'numeric') X[col++] = (x - c.mean) / c.sd
      else if (c.kind === 'cyclic') {
        for (let h = 1; h <= c.harmonics; h++) {
          X[col++] = Math.sin((2 * Math.PI * h * x) / c.period)
          X[col++] = Math.cos((2 * Math.PI * h * x) / c.period)
        }
      } else {
        if (x >= 1 && x <= c.levels) X[col + x - 1] = 1
        col += c.levels
      }
    }
  }
  return { X, p, priceColumns: priceCols }
}

/**
 * Cubic B-spline basis at z on equally spaced knots (closed form: four non-zero
 * functions per interval). z is clamped to the knot range, so prices outside the
 * training range keep the curve's end shape.
 */
function bsplineRow(knots: number[], z: number, out: Float64Array, offset: number): void {
  const m = knots.length - 4
  const step = knots[1] - knots[0]
  const zz = Math.min(Math.max(z, knots[3]), knots[m] - 1e-9)
  const j = Math.min(m - 1, Math.max(3, Math.floor((zz - knots[0]) / step)))
  const t = (zz - knots[j]) / step
  const t2 = t * t
  const t3 = t2 * t
  out[offset + j - 3] = (1 - t) ** 3 / 6
  out[offset + j - 2] = (3 * t3 - 6 * t2 + 4) / 6
  out[offset + j - 1] = (-3 * t3 + 3 * t2 + 3 * t + 1) / 6
  out[offset + j] = t3 / 6
}

/** Inputs the analyst can reason about, for permutation importance: price and each control. */
export function inputNames(panel: Panel): string[] {
  return ['price', ...panel.controls.map((c) => c.name)]
}
