import type { ElasticityReport } from '../../../../shared/elasticity/results'
import { recommendationOf } from '../../../../shared/elasticity/recommend'
import { KpiCard } from '../../components/KpiCard'
import { sourceLabel } from '../elasticity/RecommendedCard'
import { numberInterval } from '../../format'

/** The Overview's cards: five fit one row down to a 1280-wide window (at 230 px the fifth sat alone below). */
export const CARD_MIN = 180

/**
 * The recommended elasticity (what pricing uses): the run's headline (revenue-weighted over the segments, with
 * its 90% interval), and its source. Runs saved before the headline show none rather than an unweighted mean.
 */
export function RecommendedKpi({ report }: { report: ElasticityReport }) {
  const rec = recommendationOf(report)
  const h = report.headline ?? null
  const t = h ? numberInterval(h.elasticity, h.ci_low, h.ci_high) : null
  return (
    <KpiCard
      testId="kpi-recommended-elasticity"
      title="Recommended elasticity"
      value={t ? t.point : 'not identified'}
      detail={
        t && h
          ? `${h.weighting === 'revenue' ? `revenue-weighted over ${h.segments} ${report.segment_column} values` : sourceLabel(rec.recommended_model)}; 90% ${t.low} to ${t.high}`
          : sourceLabel(rec.recommended_model)
      }
      minWidth={CARD_MIN}
    />
  )
}
