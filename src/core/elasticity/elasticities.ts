import { Rng } from '../util/rng'
import type { FittedModel } from './models'
import { logScaleSlope, meanCount } from './count-scale'
import { PREDICT_CHUNK } from './chunks'
import type { SegmentEstimate } from '../../shared/elasticity/model-results'

const Z90 = 1.6448536269514722
import type { Panel } from './panel'

export const ARC_STEP = 0.05
const LOG_SPAN = Math.log(1 + ARC_STEP) - Math.log(1 - ARC_STEP)

/**
 * Arc elasticity of every row: re-predict at price +5% and −5% and take
 * Δ log Q / Δ log P on the predicted mean quantity (see count-scale.ts). The same
 * definition for all six models; at the row's own price it is the point elasticity
 * there, so a nonlinear model can show elasticity changing with the price level.
 */
export function rowElasticities(model: FittedModel, panel: Panel, rows: Uint32Array): Float64Array {
  const up = model.predict(panel, rows, { priceFactor: 1 + ARC_STEP })
  const down = model.predict(panel, rows, { priceFactor: 1 - ARC_STEP })
  return Float64Array.from(
    rows,
    (_, k) =>
      (Math.log(Math.max(1e-9, meanCount(up[k]))) - Math.log(Math.max(1e-9, meanCount(down[k])))) / LOG_SPAN
  )
}

/** Mean row elasticity per segment with a 90% interval from a bootstrap over items (items resampled, rows kept together). */
export function segmentElasticities(
  panel: Panel,
  rows: Uint32Array,
  e: Float64Array,
  seed: number,
  draws = 200
): SegmentEstimate[] {
  const rng = new Rng(seed)
  return panel.segments.map((segment, s) => {
    const byItem = new Map<number, { sum: number; n: number }>()
    rows.forEach((i, k) => {
      if (panel.segment[i] !== s || !Number.isFinite(e[k])) return
      const acc = byItem.get(panel.item[i]) ?? { sum: 0, n: 0 }
      acc.sum += e[k]
      acc.n++
      byItem.set(panel.item[i], acc)
    })
    const items = [...byItem.values()]
    const total = items.reduce((a, b) => a + b.n, 0)
    if (!items.length) return { segment, rows: 0, elasticity: NaN, ci_low: NaN, ci_high: NaN }
    const point = items.reduce((a, b) => a + b.sum, 0) / total
    const boots: number[] = []
    for (let d = 0; d < draws; d++) {
      let sum = 0
      let n = 0
      for (let j = 0; j < items.length; j++) {
        const it = items[rng.int(items.length)]
        sum += it.sum
        n += it.n
      }
      boots.push(sum / n)
    }
    boots.sort((a, b) => a - b)
    return {
      segment,
      rows: total,
      elasticity: point,
      ci_low: boots[Math.floor(0.05 * draws)],
      ci_high: boots[Math.ceil(0.95 * draws) - 1]
    }
  })
}

export function mean(xs: ArrayLike<number>): number {
  let s = 0
  let n = 0
  for (let i = 0; i < xs.length; i++)
    if (Number.isFinite(xs[i])) {
      s += xs[i]
      n++
    }
  return n ? s / n : NaN
}

/**
 * Linear models: 90% intervals by the delta method. A segment's elasticity is
 * (to first order) gᵀβ with g the mean over its rows of w·∂x/∂log p, w turning the
 * log(q + 1) slope into a quantity elasticity (count-scale.ts); Var = gᵀ V g with V the
 * item-clustered covariance of β. The point estimate stays the mean arc elasticity.
 */
export function linearSegmentElasticities(
  model: FittedModel,
  panel: Panel,
  rows: Uint32Array,
  e: Float64Array
): SegmentEstimate[] {
  const lin = model.linear
  if (!lin) throw new Error('not a linear model')
  const p = lin.beta.length
  const S = panel.segments.length
  const g = Array.from({ length: S }, () => new Float64Array(p))
  const sum = new Float64Array(S)
  const cnt = new Float64Array(S)
  // In blocks of rows (same order, same sums): two full designs at 1M rows were 0.5 GB.
  for (let c0 = 0; c0 < rows.length; c0 += PREDICT_CHUNK) {
    const chunk = rows.subarray(c0, Math.min(rows.length, c0 + PREDICT_CHUNK))
    const up = lin.design(panel, chunk, { priceFactor: 1 + ARC_STEP })
    const down = lin.design(panel, chunk, { priceFactor: 1 - ARC_STEP })
    const base = model.predict(panel, chunk)
    chunk.forEach((i, kc) => {
      const k = c0 + kc
      const s = panel.segment[i]
      const w = 1 / Math.max(1e-9, logScaleSlope(meanCount(base[kc])))
      const o = kc * p
      for (let j = 0; j < p; j++) g[s][j] += (w * (up[o + j] - down[o + j])) / LOG_SPAN
      if (Number.isFinite(e[k])) {
        sum[s] += e[k]
        cnt[s]++
      }
    })
  }
  return panel.segments.map((segment, s) => {
    if (!cnt[s]) return { segment, rows: 0, elasticity: NaN, ci_low: NaN, ci_high: NaN }
    const gs = g[s].map((x) => x / cnt[s])
    let v = 0
    for (let a = 0; a < p; a++) {
      if (gs[a] === 0) continue
      for (let b = 0; b < p; b++) v += gs[a] * lin.covariance.get(a, b) * gs[b]
    }
    const point = sum[s] / cnt[s]
    const half = Z90 * Math.sqrt(Math.max(0, v))
    return { segment, rows: cnt[s], elasticity: point, ci_low: point - half, ci_high: point + half }
  })
}
