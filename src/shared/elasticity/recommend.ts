/**
 * The recommended elasticity: chosen for its price response, not for fit.
 *
 * The rule (per segment, in order):
 * 1. The best-fitting model's own elasticity, if it is nonlinear (GAM, polynomials, trees)
 *    and passes all three checks: stable across the CV folds (spread ≤ max(0.05, the
 *    debiased interval's width)), demand falls with price at ≥ 95% of the segment's rows,
 *    and it agrees with the debiased estimate (each lies in the other's 90% interval).
 *    Such a model may show elasticity changing with the price level; a model that fails
 *    is flattening or bending the price response (trees do: they split price coarsely).
 * 2. Otherwise the debiased (DML) estimate.
 * 3. Without one, the log-log OLS (within items where the run had item baselines).
 * 4. Otherwise none: the segment's elasticity is not identified, and the reason says why.
 * The best-fitting model is never used when its test R² ≤ 0.
 */
import { MODEL_LABELS, type ModelKind } from './index'
import type { ItemEstimate, ModelReport, SegmentEstimate } from './model-results'
import type { ElasticityReport, RecommendedFrom, RecommendedSegment, Recommendation } from './results'
import { fixed, pct } from '../format/numbers'

export const FALLING_SHARE_MIN = 0.95
const LINEAR: ModelKind[] = ['ols']

const f2 = (x: number) => fixed(x, 2)
const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x)

/** Why a nonlinear model's segment elasticity may not be used; empty when it passes every check. */
export function nonlinearChecks(est: SegmentEstimate, dml: SegmentEstimate | undefined): string[] {
  const fails: string[] = []
  const width = dml && finite(dml.ci_high) && finite(dml.ci_low) ? dml.ci_high - dml.ci_low : 0
  if (finite(est.fold_range) && est.fold_range > Math.max(0.05, width))
    fails.push(`unstable across folds (moves by ${f2(est.fold_range)})`)
  if (finite(est.falling_share) && est.falling_share < FALLING_SHARE_MIN)
    fails.push(`demand falls with price at only ${pct(est.falling_share)} of rows`)
  if (!dml || !finite(dml.elasticity)) fails.push('no debiased estimate to check it against')
  else {
    const inDml = est.elasticity >= dml.ci_low && est.elasticity <= dml.ci_high
    const dmlIn = dml.elasticity >= est.ci_low && dml.elasticity <= est.ci_high
    if (!inDml || !dmlIn)
      fails.push(`disagrees with the debiased ${f2(dml.elasticity)} [${f2(dml.ci_low)}, ${f2(dml.ci_high)}]`)
  }
  return fails
}

/** A price effect is identified when there is an estimate whose 90% interval lies below zero. */
function identifiedBy(e: number | null, ciHigh: number | null | undefined): boolean {
  return e !== null && (!finite(ciHigh) || ciHigh < 0)
}

export function recommendSegment(...args: Parameters<typeof chooseSegment>): RecommendedSegment {
  const r = chooseSegment(...args)
  if (r.recommended === null) return r
  // The debiased estimate knows when the segment's own price changes are too small to say anything.
  const dmlNote = args[3]?.note
  if (dmlNote?.startsWith('not identified'))
    return {
      ...r,
      identified: false,
      recommended_reason: `${dmlNote} (debiased); ${r.recommended_reason.replace(`; ${dmlNote}`, '')}`
    }
  if (identifiedBy(r.recommended, r.recommended_ci_high)) return r
  return {
    ...r,
    identified: false,
    recommended_reason: `not identified: the 90% interval reaches zero or above (${f2(r.recommended_ci_low ?? NaN)} to ${f2(r.recommended_ci_high ?? NaN)}), so demand may not fall with price; ${r.recommended_reason}`
  }
}

function chooseSegment(
  segment: string,
  best: ModelReport | null,
  models: ModelReport[],
  dml: SegmentEstimate | undefined,
  /** Why the run has no debiased estimate at all (DML not run), for the reason. */
  dmlSkipped?: string
): RecommendedSegment {
  const pick = (
    from: RecommendedFrom,
    e: { elasticity: number; ci_low: number; ci_high: number },
    reason: string
  ): RecommendedSegment => ({
    segment,
    recommended: e.elasticity,
    recommended_ci_low: e.ci_low,
    recommended_ci_high: e.ci_high,
    recommended_from: from,
    recommended_reason: reason,
    identified: true
  })
  const notes: string[] = dmlSkipped && !dml ? [dmlSkipped] : []
  if (best && !LINEAR.includes(best.name)) {
    const est = best.segments.find((s) => s.segment === segment)
    if (est && finite(est.elasticity) && finite(est.ci_low)) {
      const fails = nonlinearChecks(est, dml)
      if (!fails.length)
        return pick(
          best.name,
          est,
          `${MODEL_LABELS[best.name]} (best fit): stable across folds, demand falls with price at ${pct(est.falling_share ?? 1)} of rows, agrees with the debiased ${f2(dml?.elasticity ?? NaN)}`
        )
      notes.push(`${MODEL_LABELS[best.name]} (best fit) not used: ${fails.join('; ')}`)
    }
  }
  if (dml && finite(dml.elasticity) && finite(dml.ci_low) && finite(dml.ci_high))
    return pick(
      'debiased',
      dml,
      [
        'debiased (DML): the price effect after removing what the controls explain of price and demand',
        ...(dml.note ? [dml.note] : []),
        ...notes
      ].join('; ')
    )
  if (dml?.note) notes.unshift(`debiased ${dml.note}`)
  const ols = models.find((m) => m.name === 'ols')
  const olsEst = ols?.segments.find((s) => s.segment === segment)
  if (ols && olsEst && finite(olsEst.elasticity) && finite(olsEst.ci_low) && finite(olsEst.ci_high))
    return pick(
      'ols',
      olsEst,
      [
        `log-log OLS${ols.hyperparameters.item_baseline ? ' with item fixed effects' : ''}: no debiased estimate`,
        ...notes
      ].join('; ')
    )
  return {
    segment,
    recommended: null,
    recommended_ci_low: null,
    recommended_ci_high: null,
    recommended_from: null,
    recommended_reason: ['not identified', ...notes].join(': '),
    identified: false
  }
}

/** The source most segments use (ties: debiased first), or null when nothing is identified. */
export function recommendedModel(
  rows: { recommended_from: RecommendedFrom | null }[]
): RecommendedFrom | null {
  const count = new Map<RecommendedFrom, number>()
  for (const r of rows)
    if (r.recommended_from) count.set(r.recommended_from, (count.get(r.recommended_from) ?? 0) + 1)
  let best: RecommendedFrom | null = null
  for (const [k, v] of count)
    if (!best || v > (count.get(best) ?? 0) || (v === count.get(best) && k === 'debiased')) best = k
  return best
}

/**
 * The recommendation of a saved run. Runs saved before recommendations existed get one
 * from what they stored: the debiased estimate where there is one, else the best model's.
 */
export function recommendationOf(
  report: Pick<ElasticityReport, 'segments' | 'best_model' | 'recommended_model' | 'item_elasticities'>
): Recommendation {
  const segments = report.segments.map((s): RecommendedSegment => {
    if (s.recommended_reason !== undefined)
      return {
        segment: s.segment,
        recommended: s.recommended ?? null,
        recommended_ci_low: s.recommended_ci_low ?? null,
        recommended_ci_high: s.recommended_ci_high ?? null,
        recommended_from: s.recommended_from ?? null,
        recommended_reason: s.recommended_reason,
        // The stored flag where the run has one: it also knows "too little price variation".
        identified: s.identified ?? identifiedBy(s.recommended ?? null, s.recommended_ci_high ?? null)
      }
    if (s.debiased !== null)
      return {
        segment: s.segment,
        recommended: s.debiased,
        recommended_ci_low: s.debiased_ci_low,
        recommended_ci_high: s.debiased_ci_high,
        recommended_from: 'debiased',
        recommended_reason: 'debiased (DML) estimate of a run saved before recommendations',
        identified: identifiedBy(s.debiased, s.debiased_ci_high)
      }
    return {
      segment: s.segment,
      recommended: s.elasticity,
      recommended_ci_low: s.ci_low,
      recommended_ci_high: s.ci_high,
      recommended_from: s.elasticity === null ? null : report.best_model,
      recommended_reason: 'best model of a run saved before recommendations',
      identified: identifiedBy(s.elasticity, s.ci_high)
    }
  })
  return {
    recommended_model: report.recommended_model ?? recommendedModel(segments),
    segments,
    items: report.item_elasticities ?? []
  }
}

export function segmentElasticity(rec: Recommendation, segment: string): RecommendedSegment | null {
  return rec.segments.find((s) => s.segment === segment) ?? null
}

const itemIndex = new WeakMap<ItemEstimate[], Map<string, ItemEstimate>>()

export function itemElasticity(rec: Recommendation, item: string): ItemEstimate | null {
  let index = itemIndex.get(rec.items)
  if (!index) itemIndex.set(rec.items, (index = new Map(rec.items.map((i) => [i.item, i]))))
  return index.get(item) ?? null
}

const Z90 = 1.6448536269514722

/**
 * The pooled elasticity: what the segments whose price effect is identified say together, for a
 * segment whose own estimate is not identified (its interval reaches zero, or it has none). The
 * inverse-variance mean of their recommended estimates (standard errors from the 90% intervals),
 * with a 90% interval for a segment not among them: the mean's variance plus the spread between
 * segments (DerSimonian–Laird). Null with fewer than two identified segments.
 */
export function pooledElasticity(
  segments: RecommendedSegment[]
): { elasticity: number; ci_low: number; ci_high: number; segments: number } | null {
  const es = segments.flatMap((s) =>
    s.identified && finite(s.recommended) && finite(s.recommended_ci_low) && finite(s.recommended_ci_high)
      ? [
          {
            e: s.recommended,
            v: Math.max(1e-12, ((s.recommended_ci_high - s.recommended_ci_low) / (2 * Z90)) ** 2)
          }
        ]
      : []
  )
  if (es.length < 2) return null
  const mean = (w: number[]) => es.reduce((a, x, k) => a + w[k] * x.e, 0) / w.reduce((a, x) => a + x, 0)
  const w = es.map((x) => 1 / x.v)
  const fixed = mean(w)
  const sw = w.reduce((a, x) => a + x, 0)
  const sw2 = w.reduce((a, x) => a + x * x, 0)
  const q = es.reduce((a, x, k) => a + w[k] * (x.e - fixed) ** 2, 0)
  const tau2 = Math.max(0, (q - (es.length - 1)) / Math.max(1e-12, sw - sw2 / sw))
  const wr = es.map((x) => 1 / (x.v + tau2))
  const center = mean(wr)
  const se = Math.sqrt(1 / wr.reduce((a, x) => a + x, 0) + tau2)
  return { elasticity: center, ci_low: center - Z90 * se, ci_high: center + Z90 * se, segments: es.length }
}

/** The elasticity to price an item with: its own (pooled) where identified, else its segment's recommended one. */
export function elasticityFor(
  rec: Recommendation,
  item: string,
  segment: string
): { elasticity: number; ci_low: number; ci_high: number; source: 'item' | 'segment' } | null {
  const it = itemElasticity(rec, item)
  if (it?.identified && finite(it.elasticity) && finite(it.ci_low) && finite(it.ci_high))
    return { elasticity: it.elasticity, ci_low: it.ci_low, ci_high: it.ci_high, source: 'item' }
  const s = segmentElasticity(rec, segment)
  if (s && finite(s.recommended) && finite(s.recommended_ci_low) && finite(s.recommended_ci_high))
    return {
      elasticity: s.recommended,
      ci_low: s.recommended_ci_low,
      ci_high: s.recommended_ci_high,
      source: 'segment'
    }
  return null
}
