import { Box } from '@mui/material'
import type { ElasticityReport } from '../../../../shared/elasticity/results'
import type { ModelKind } from '../../../../shared/elasticity'
import { MODEL_LABELS } from '../../../../shared/elasticity'
import type { PricingRun } from '../../../../shared/pricing'
import type { PropensityRun } from '../../../../shared/propensity/results'
import type { PipelineRun } from '../../../../shared/study'
import { KpiCard } from '../../components/KpiCard'
import { fixed as n, grouped, pct, seconds, signedPctInterval } from '../../format'

/** The uplift and its interval in the same digits (the shown point inside the shown interval). */
const upliftText = (p: { uplift_pct: number; uplift_interval?: { low: number; high: number } | null }) =>
  signedPctInterval(p.uplift_pct, p.uplift_interval?.low, p.uplift_interval?.high)
import { CARD_MIN, RecommendedKpi } from './RecommendedKpi'

export type PageLink = 'data' | 'elasticity' | 'propensity' | 'pricing' | 'experiments'

/** The chosen dataset's latest results; propensity only for the EdTech sample (it scores its learners). */
export interface OverviewResults {
  elasticity: ElasticityReport | null
  propensity: PropensityRun | null
  pricing: PricingRun | null
  last: PipelineRun | undefined
}

function propensityCard(p: PropensityRun | null, edtech: boolean) {
  if (p)
    return {
      value: p.targets.map((t) => n(t.models.find((m) => m.name === t.best_model)?.auc, 2)).join(' · '),
      detail: `${p.targets.map((t) => t.target).join(' · ')}; cutoff ${p.cutoff}, leak-free`
    }
  return {
    value: 'not trained',
    detail: edtech ? 'Enrollment, churn, completion, upsell' : 'Not computed for this dataset'
  }
}

/** The headline cards, each with the page that has the detail. */
export function OverviewKpis({
  results,
  edtech,
  onGo
}: {
  results: OverviewResults
  edtech: boolean
  onGo: (p: PageLink) => void
}) {
  const { elasticity, propensity, pricing, last } = results
  const best = elasticity?.models.find((m) => m.name === elasticity.best_model)
  const interval = pricing?.portfolio.uplift_interval
  const prop = propensityCard(propensity, edtech)
  const took = last?.finished_at ? Date.parse(last.finished_at) - Date.parse(last.started_at) : null
  return (
    <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
      <KpiCard
        testId="kpi-elasticity"
        title="Best elasticity model"
        value={best ? MODEL_LABELS[best.name as ModelKind] : 'not trained'}
        detail={
          best
            ? `R² ${n(best.test_r2)} · RMSE ${grouped(best.rmse, 2)} · MAPE ${pct(best.mape)}`
            : 'Six models on the same folds'
        }
        minWidth={CARD_MIN}
        action={{ label: 'Open Elasticity →', onClick: () => onGo('elasticity') }}
      />
      {elasticity && <RecommendedKpi report={elasticity} />}
      <KpiCard
        testId="kpi-propensity"
        title="Propensity AUC"
        value={prop.value}
        detail={prop.detail}
        minWidth={CARD_MIN}
        action={{ label: 'Open Propensity →', onClick: () => onGo('propensity') }}
      />
      <KpiCard
        testId="kpi-uplift"
        title="Portfolio revenue uplift"
        value={pricing ? upliftText(pricing.portfolio).point : 'not optimized'}
        detail={interval ? `interval ${upliftText(pricing.portfolio).interval}` : 'Guardrailed optimizer'}
        minWidth={CARD_MIN}
        action={{ label: 'Open Pricing →', onClick: () => onGo('pricing') }}
      />
      <KpiCard
        testId="kpi-last-run"
        title="Last study run"
        value={last ? last.started_at.slice(0, 16).replace('T', ' ') : 'never'}
        detail={
          last ? `${last.status}${took !== null ? ` in ${seconds(took)}` : ''}` : 'Run the whole study below'
        }
        minWidth={CARD_MIN}
        action={{ label: 'Open Experiments →', onClick: () => onGo('experiments') }}
      />
    </Box>
  )
}
