import type { ElasticityReport } from '../elasticity/report'
import type { CatalogItem } from './catalog'
import type { DemandFn } from './optimize'
import type { SegmentElasticity } from './recommend'

/**
 * causal: baseline × (p / p₀)^ε, the default for the optimizer and scenarios;
 * model: one trained model's own demand curve (its price response included).
 */
export type DemandKind = 'causal' | 'model'

export interface SourcedElasticity extends SegmentElasticity {
  /** Which estimate it is: "recommended (debiased)", "debiased", or the model's name. */
  from: string
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)

/**
 * The elasticity of each segment for pricing: the run's recommended estimate
 * where the run has one, else its debiased (DML) estimate, else the chosen
 * model's own segment estimate. Each carries its 90% interval and its source.
 */
export function pricingElasticities(report: ElasticityReport, kind: string): Map<string, SourcedElasticity> {
  const model = report.models.find((m) => m.name === kind)
  const own = new Map(model?.segments.map((s) => [s.segment, s]))
  const out = new Map<string, SourcedElasticity>()
  for (const s of report.segments) {
    // Runs trained after the recommended elasticity exists carry these fields (see 12-interface.md).
    const r = s as typeof s & {
      recommended?: number | null
      recommended_ci_low?: number | null
      recommended_ci_high?: number | null
      recommended_from?: string | null
    }
    const m = own.get(s.segment)
    if (finite(r.recommended))
      out.set(s.segment, {
        elasticity: r.recommended,
        ci_low: r.recommended_ci_low ?? null,
        ci_high: r.recommended_ci_high ?? null,
        from: `recommended${r.recommended_from ? ` (${r.recommended_from})` : ''}`
      })
    else if (finite(s.debiased))
      out.set(s.segment, {
        elasticity: s.debiased,
        ci_low: s.debiased_ci_low,
        ci_high: s.debiased_ci_high,
        from: 'debiased'
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
  return out
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
  const eps = items.map((it) => elasticity(it) ?? 0)
  const p0 = Float64Array.from(items, (it) => it.current_price)
  let q0: Promise<Float64Array> | null = baseline instanceof Float64Array ? Promise.resolve(baseline) : null
  const level = () =>
    (q0 ??= (baseline as DemandFn)(
      Int32Array.from(items, (_, i) => i),
      p0
    ))
  return async (idx, prices) => {
    const q = await level()
    return Float64Array.from(idx, (i, k) => q[i] * Math.pow(prices[k] / p0[i], eps[i]))
  }
}

/** "recommended (debiased)" for every segment, or "debiased for 2 segments, OLS for 1". */
export function describeSources(el: Map<string, SourcedElasticity>): string {
  const counts = new Map<string, number>()
  for (const e of el.values()) counts.set(e.from, (counts.get(e.from) ?? 0) + 1)
  if (counts.size === 1) return `${[...counts.keys()][0]} elasticity per segment`
  return [...counts].map(([k, v]) => `${k} for ${v} segment${v === 1 ? '' : 's'}`).join(', ')
}
