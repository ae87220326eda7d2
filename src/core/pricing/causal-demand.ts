import type { ElasticityReport } from '../../shared/elasticity/results'
import { MODEL_LABELS, type ModelKind } from '../../shared/elasticity'
import {
  itemElasticity,
  pooledElasticity,
  recommendationOf,
  segmentElasticity
} from '../../shared/elasticity/recommend'
import type { ItemEstimate } from '../../shared/elasticity/model-results'
import type { RecommendedSegment } from '../../shared/elasticity/results'
import type { CatalogItem } from './catalog'
import type { DemandFn } from './optimize'
import type { SegmentElasticity } from './recommend'
import { chiSquareSf } from '../experiments/stats'

export interface SourcedElasticity extends SegmentElasticity {
  /** Which estimate it is: "recommended (debiased)", "debiased", the model's name, or POOLED_SOURCE. */
  from: string
}

/** The source of a segment priced with the pooled estimate because its own is not identified. */
export const POOLED_SOURCE = 'pooled (its own not identified)'

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)

/**
 * The elasticity of each segment for pricing: the run's recommended estimate
 * (recommendationOf: for runs saved before recommendations existed, the debiased
 * estimate, else the best model's), else the chosen model's own segment estimate.
 * Each carries its 90% interval and its source.
 */
export function pricingElasticities(report: ElasticityReport, kind: string): Map<string, SourcedElasticity> {
  const model = report.models.find((m) => m.name === kind)
  const own = new Map(model?.segments.map((s) => [s.segment, s]))
  const rec = recommendationOf(report)
  const out = new Map<string, SourcedElasticity>()
  for (const s of report.segments) {
    const r = segmentElasticity(rec, s.segment)
    const m = own.get(s.segment)
    if (r && finite(r.recommended))
      out.set(s.segment, {
        elasticity: r.recommended,
        ci_low: r.recommended_ci_low,
        ci_high: r.recommended_ci_high,
        from: `recommended (${r.recommended_from === 'debiased' ? 'debiased' : (MODEL_LABELS[r.recommended_from as ModelKind] ?? r.recommended_from)})`
      })
    else if (m && finite(m.elasticity))
      out.set(s.segment, {
        elasticity: m.elasticity,
        ci_low: finite(m.ci_low) ? m.ci_low : null,
        ci_high: finite(m.ci_high) ? m.ci_high : null,
        from: model?.label ?? kind
      })
    else out.set(s.segment, { elasticity: null, ci_low: null, ci_high: null, from: 'none' })
  }
  return withPooled(out, rec.segments)
}

/**
 * A segment whose price effect is not identified (its recommended interval reaches zero or
 * above, or it has no estimate) is priced with the pooled estimate of the identified segments
 * (`pooledElasticity`), never with its own noisy value or a wrong sign (issue 25). Without two
 * identified segments it keeps what it had.
 */
function withPooled(
  el: Map<string, SourcedElasticity>,
  rec: RecommendedSegment[]
): Map<string, SourcedElasticity> {
  const pooled = pooledElasticity(rec)
  if (!pooled) return el
  const unidentified = new Set(rec.filter((r) => !r.identified).map((r) => r.segment))
  for (const [segment, e] of el)
    if (unidentified.has(segment) || !finite(e.elasticity))
      el.set(segment, {
        elasticity: pooled.elasticity,
        ci_low: pooled.ci_low,
        ci_high: pooled.ci_high,
        from: POOLED_SOURCE,
        source: 'pooled'
      })
  return el
}

/** Where a segment's own elasticity came from when cross terms are priced: the regression that estimated them. */
export const JOINT_SOURCE = 'joint (estimated with the cross terms)'

/**
 * The segments' own elasticities for a demand system that applies the run's cross
 * terms: each segment's own elasticity from the SAME regression as its cross terms
 * (`cross_own`), with its interval, so that own and cross terms are one consistent
 * fit (an own estimate made without the competitors' prices carries their effect
 * wherever prices move together). Segments without a joint estimate keep `base`.
 * Also returns, per replaced segment, the shift joint − base: the items' own
 * estimates move by it (`itemElasticities`), keeping their scatter around the segment.
 * A segment priced with the pooled estimate (not identified) is left as it is.
 */
export function jointOwnElasticities(
  report: ElasticityReport,
  base: Map<string, SourcedElasticity>
): { el: Map<string, SourcedElasticity>; shift: Map<string, number> } {
  const el = new Map(base)
  const shift = new Map<string, number>()
  for (const o of report.cross_own ?? []) {
    const b = base.get(o.segment)
    // A segment priced with the pooled estimate keeps it: its joint estimate rests on the same
    // prices that barely move, so it is as noisy as the own estimate pooling replaced.
    if (!b || b.source === 'pooled') continue
    if (!finite(o.elasticity) || !finite(o.ci_low) || !finite(o.ci_high)) continue
    el.set(o.segment, { elasticity: o.elasticity, ci_low: o.ci_low, ci_high: o.ci_high, from: JOINT_SOURCE })
    if (finite(b.elasticity)) shift.set(o.segment, o.elasticity - b.elasticity)
  }
  return { el, shift }
}

/**
 * Cochran's Q test level: a segment's items differ when Q's chi-square p-value is below it.
 * 0.10, the usual level for Q, whose power is low: at 0.01 the retail sample's Sunvale Premium
 * (items truly scatter by sd 0.25; Q/df 1.26 over 80 items, p ≈ 0.06, seed 2) kept its brand's
 * elasticity and one item was priced below today. A false flag costs little: where the items
 * truly share the segment's value the pooling weight τ²/(τ² + se²) is near 0 (EdTech: τ = 0).
 */
const Q_ALPHA = 0.1

/**
 * Segments whose items' own elasticities differ by more than their standard errors
 * explain: Cochran's Q around the precision-weighted mean, chi-square with n − 1 df,
 * p < 0.10. A test is valid now that the per-item standard errors are honest (dml.ts
 * `ownSe`): on the EdTech sample, whose courses share their category's elasticity
 * exactly, Q/df is 0.73–1.02 (seed 1, scale 1); the retail sample's store × brand items,
 * which scatter around their brand by sd 0.25, give Q/df 1.6–2.7 over 80 items per brand
 * (p < 1e-4). (With the old row-robust se, EdTech's Q/df was 1.35–2.0, so this gate was
 * an I² ≥ 0.5 rule, which put Marketing on the edge and missed half the retail brands.)
 */
export function heterogeneousSegments(items: ItemEstimate[]): Set<string> {
  const bySeg = new Map<string, { w: number; wx: number; wxx: number; n: number }>()
  for (const it of items) {
    if (!it.identified || !finite(it.own) || !finite(it.own_se) || !(it.own_se > 0)) continue
    const a = bySeg.get(it.segment) ?? { w: 0, wx: 0, wxx: 0, n: 0 }
    const w = 1 / (it.own_se * it.own_se)
    a.w += w
    a.wx += w * it.own
    a.wxx += w * it.own * it.own
    a.n++
    bySeg.set(it.segment, a)
  }
  const out = new Set<string>()
  for (const [seg, a] of bySeg) {
    if (a.n < 2) continue
    const q = a.wxx - (a.wx * a.wx) / a.w
    if (q > 0 && chiSquareSf(q, a.n - 1) < Q_ALPHA) out.add(seg)
  }
  return out
}

/**
 * Each catalog item's elasticity for the causal curve: its own partially pooled
 * estimate where the run identified one and its segment's items differ
 * (`heterogeneousSegments`), else its segment's (`pricingElasticities`).
 */
export function itemElasticities(
  report: ElasticityReport,
  items: CatalogItem[],
  segments: Map<string, SourcedElasticity>,
  /** Per segment, how far its joint own estimate lies from the one the items' estimates were pooled toward. */
  shift: Map<string, number> = new Map()
): {
  elasticity: Float64Array
  low: Float64Array
  high: Float64Array
  own: Uint8Array
  itemLow: Float64Array
  itemHigh: Float64Array
  pooled: number
} {
  const rec = recommendationOf(report)
  // A segment priced with the pooled estimate prices its items with it too: their own estimates share its noise.
  const varied = new Set(
    [...heterogeneousSegments(rec.items)].filter((g) => segments.get(g)?.source !== 'pooled')
  )
  const n = items.length
  const out = {
    elasticity: new Float64Array(n),
    low: new Float64Array(n),
    high: new Float64Array(n),
    own: new Uint8Array(n),
    itemLow: new Float64Array(n),
    itemHigh: new Float64Array(n),
    pooled: 0
  }
  items.forEach((it, i) => {
    const own = shifted(itemElasticity(rec, it.id), shift.get(it.segment) ?? 0)
    const seg = segments.get(it.segment)
    const useOwn =
      varied.has(it.segment) &&
      own?.identified &&
      finite(own.elasticity) &&
      finite(own.ci_low) &&
      finite(own.ci_high)
    if (useOwn) {
      out.pooled++
      out.own[i] = 1
    }
    // An item whose own interval excludes its segment's elasticity is evidence it differs from its segment.
    const segE = seg?.elasticity
    const ownCi =
      own?.identified &&
      finite(own.ci_low) &&
      finite(own.ci_high) &&
      finite(segE) &&
      (segE < own.ci_low || segE > own.ci_high)
    out.itemLow[i] = !useOwn && ownCi ? (own.ci_low as number) : NaN
    out.itemHigh[i] = !useOwn && ownCi ? (own.ci_high as number) : NaN
    out.elasticity[i] = useOwn ? (own.elasticity as number) : (seg?.elasticity ?? NaN)
    out.low[i] = useOwn ? (own.ci_low as number) : (seg?.ci_low ?? NaN)
    out.high[i] = useOwn ? (own.ci_high as number) : (seg?.ci_high ?? NaN)
  })
  return out
}

/** An item's estimate moved by its segment's shift (own and cross terms estimated jointly). */
function shifted<T extends { elasticity: number | null; ci_low: number | null; ci_high: number | null }>(
  e: T | null | undefined,
  d: number
): T | null | undefined {
  if (!e || d === 0) return e
  const add = (x: number | null) => (finite(x) ? x + d : x)
  return { ...e, elasticity: add(e.elasticity), ci_low: add(e.ci_low), ci_high: add(e.ci_high) }
}

/**
 * The causal demand curve q(p) = q₀ · (p / p₀)^ε: the baseline q₀ is the
 * predictive model's demand at today's price p₀ (accurate levels), ε the item's
 * elasticity (its own where known, else its segment's): a causal price response.
 * An item without an elasticity keeps a flat curve, which the optimizer reads as
 * "cannot price" and holds at today's price.
 */
export function causalDemand(
  baseline: DemandFn | Float64Array,
  items: CatalogItem[],
  elasticity: (item: CatalogItem) => number | null
): DemandFn {
  const eps = Float64Array.from(items, (it) => elasticity(it) ?? 0)
  const p0 = Float64Array.from(items, (it) => it.current_price)
  let q0: Promise<Float64Array> | null = baseline instanceof Float64Array ? Promise.resolve(baseline) : null
  const level = () =>
    (q0 ??= (baseline as DemandFn)(
      Int32Array.from(items, (_, i) => i),
      p0
    ))
  const fn = causalCurve(level, p0, eps)
  fn.causal = async () => ({ q0: await level(), eps })
  return fn
}

/**
 * (p/p₀)^ε as exp(ε · ln(p/p₀)): within a few ulps of Math.pow for the positive ratios prices give, and ~3×
 * faster in V8, whose Math.pow with a non-integer exponent is the slow general routine. An optimize of
 * 96k items evaluates this ~40 million times (the sheet, and five re-optimizations for the corner curve).
 * ε = 0 (an item without an elasticity: a flat curve) gives exactly 1, as Math.pow does.
 */
export function ratioPower(ratio: number, e: number): number {
  return e === 0 ? 1 : Math.exp(e * Math.log(ratio))
}

/**
 * The causal curve from its numbers: each item's quantity at today's price (`level`), today's prices and the
 * elasticities. The same arithmetic on any thread: a curve rebuilt from `DemandFn.causal` gives the same bits.
 */
export function causalCurve(
  level: () => Promise<Float64Array>,
  p0: Float64Array,
  eps: Float64Array
): DemandFn {
  const fn: DemandFn = async (idx, prices) => {
    const q = await level()
    // A plain loop: Float64Array.from with a map callback cost ~10 s per 96k-item optimize in V8.
    const out = new Float64Array(idx.length)
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k]
      out[k] = q[i] * ratioPower(prices[k] / p0[i], eps[i])
    }
    return out
  }
  // The same product, written straight into the optimizer's candidate table.
  fn.alone = async (P, K, from, to, Q) => {
    const q = await level()
    for (let i = 0; i < Q.length / K; i++)
      for (let k = i * K + from; k < i * K + to; k++) Q[k] = q[i] * ratioPower(P[k] / p0[i], eps[i])
  }
  return fn
}

/** "recommended (debiased)" for every segment, or "debiased for 2 segments, OLS for 1". */
export function describeSources(el: Map<string, SourcedElasticity>): string {
  const counts = new Map<string, number>()
  for (const e of el.values()) counts.set(e.from, (counts.get(e.from) ?? 0) + 1)
  if (counts.size === 1) return `${[...counts.keys()][0]} elasticity per segment`
  return [...counts].map(([k, v]) => `${k} for ${v} segment${v === 1 ? '' : 's'}`).join(', ')
}
