import { PanelError } from './panel'
import { fixed } from '../../shared/format/numbers'

/** The per-segment fields of a report this guard reads (a structural subset of SegmentRow). */
interface SegmentFigures {
  segment: string
  rows: number
  recommended?: number | null
  recommended_ci_low?: number | null
  recommended_ci_high?: number | null
  recommended_from?: string | null
}

/**
 * The last check before a report is saved or shown: a segment's recommended elasticity
 * must rest on rows and carry an interval of some width. A model that had nothing to
 * learn from (no rows, or no variation left once its fixed effects are taken out) still
 * returns 0 with the interval [0, 0]; reporting that would be a fabricated number, so the
 * whole run is refused with the reason, per segment.
 */
export function refuseFabricatedEstimates(segments: SegmentFigures[], segmentName: string): void {
  const reasons: string[] = []
  for (const s of segments) {
    if (s.recommended === null || s.recommended === undefined) continue
    const low = s.recommended_ci_low
    const high = s.recommended_ci_high
    const from = s.recommended_from ? ` (from ${s.recommended_from})` : ''
    if (!(s.rows > 0)) reasons.push(`${segmentName} "${s.segment}" has no usable rows${from}`)
    else if (!Number.isFinite(s.recommended))
      reasons.push(`${segmentName} "${s.segment}": the estimate${from} is not a number`)
    else if (typeof low !== 'number' || typeof high !== 'number' || !(high - low > 0))
      reasons.push(
        `${segmentName} "${s.segment}": the estimate${from} ${fixed(s.recommended, 3)} has an interval of zero width, so the model found no price variation to learn from`
      )
  }
  if (reasons.length)
    throw new PanelError(
      `no elasticity can be reported: ${reasons.join('; ')}. Check that each item has several periods with different prices (sales lines must be aggregated into an item × period panel first: pricelab import --transactions)`
    )
}
