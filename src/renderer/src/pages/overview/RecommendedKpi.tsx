import type { ElasticityReport } from '../../../../shared/elasticity/results'
import { recommendationOf } from '../../../../shared/elasticity/recommend'
import { KpiCard } from '../../components/KpiCard'
import { sourceLabel } from '../elasticity/RecommendedCard'
import { fixed as n } from '../../format'

/** The recommended elasticity (what pricing uses): the segments' mean, its source and range. */
/** The Overview's cards: five fit one row down to a 1280-wide window (at 230 px the fifth sat alone below). */
export const CARD_MIN = 180

export function RecommendedKpi({ report }: { report: ElasticityReport }) {
  const rec = recommendationOf(report)
  const values = rec.segments.map((s) => s.recommended).filter((x): x is number => x !== null)
  const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null
  return (
    <KpiCard
      testId="kpi-recommended-elasticity"
      title="Recommended elasticity"
      value={mean === null ? 'not identified' : n(mean, 2)}
      detail={
        values.length > 1
          ? `${sourceLabel(rec.recommended_model)} · ${values.length} ${report.segment_column} values, ${n(Math.min(...values), 2)} to ${n(Math.max(...values), 2)}`
          : sourceLabel(rec.recommended_model)
      }
      minWidth={CARD_MIN}
    />
  )
}
