import { z } from 'zod'
import { grouped } from '../format/numbers'

const Z90 = 1.6448536269514722

/**
 * The elasticity headline: one figure for the whole dataset, with its interval and its definition. It is the
 * revenue-weighted mean of the segments' recommended elasticities (weights: each segment's revenue, Σ price ×
 * quantity over its rows). Why revenue: after a uniform 1% price change, the portfolio's revenue changes by
 * Σ Rₛ(1 + εₛ)% / Σ Rₛ = 1 + Σ wₛ εₛ percent, so the revenue-weighted mean is the figure that says what the
 * whole assortment does; an unweighted mean of brands ("mean of 3 brand values") counts a niche brand as much
 * as the best seller and has no pricing meaning. The interval treats the segments' estimates as independent
 * (standard errors from their 90% intervals).
 */
export const elasticityHeadlineSchema = z.object({
  elasticity: z.number(),
  ci_low: z.number(),
  ci_high: z.number(),
  /** 'revenue': weighted by each segment's revenue; 'single': the dataset has one segment with an estimate. */
  weighting: z.enum(['revenue', 'single']),
  /** Segments with an estimate, out of all. */
  segments: z.number(),
  of_segments: z.number(),
  /** One line: what the figure is. */
  definition: z.string()
})
export type ElasticityHeadline = z.infer<typeof elasticityHeadlineSchema>

interface SegmentFigures {
  segment: string
  revenue?: number | null
  recommended?: number | null
  recommended_ci_low?: number | null
  recommended_ci_high?: number | null
}

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x)

/**
 * The headline of a run's segments; null when no segment has an estimate or, with several, when their revenue
 * is not recorded (runs saved before it): an unweighted mean is not shown in its place.
 */
export function elasticityHeadline(
  segments: readonly SegmentFigures[],
  segmentWord: string
): ElasticityHeadline | null {
  const est = segments.filter(
    (s) => finite(s.recommended) && finite(s.recommended_ci_low) && finite(s.recommended_ci_high)
  )
  if (!est.length) return null
  if (est.length === 1) {
    const s = est[0]
    return {
      elasticity: s.recommended as number,
      ci_low: s.recommended_ci_low as number,
      ci_high: s.recommended_ci_high as number,
      weighting: 'single',
      segments: 1,
      of_segments: segments.length,
      definition: `the recommended elasticity of ${segments.length === 1 ? 'the dataset' : `${segmentWord} ${s.segment}, the only one with an estimate`}: a 1% price rise changes quantity by about this many percent`
    }
  }
  if (!est.every((s) => finite(s.revenue) && (s.revenue as number) >= 0)) return null
  const total = est.reduce((a, s) => a + (s.revenue as number), 0)
  if (!(total > 0)) return null
  const w = est.map((s) => (s.revenue as number) / total)
  const e = est.reduce((a, s, k) => a + w[k] * (s.recommended as number), 0)
  const v = est.reduce(
    (a, s, k) =>
      a +
      (w[k] * ((s.recommended_ci_high as number) - (s.recommended_ci_low as number))) ** 2 / (2 * Z90) ** 2,
    0
  )
  const se = Math.sqrt(v)
  const skipped = segments.length - est.length
  return {
    elasticity: e,
    ci_low: e - Z90 * se,
    ci_high: e + Z90 * se,
    weighting: 'revenue',
    segments: est.length,
    of_segments: segments.length,
    definition: `revenue-weighted mean of ${est.length} ${segmentWord} elasticities${skipped ? ` (${skipped} without an estimate left out)` : ''}: a uniform 1% price rise changes the portfolio's quantity, in revenue terms, by about ${grouped(e, 2)}%`
  }
}
