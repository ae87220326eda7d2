// The price sheet's headline figures: revenue today and optimized, the objective's change, quantity, margin, sample truth.
import { Box } from '@mui/material'
import type { PricingRun } from '../../../../shared/pricing'
import { describeUnit } from '../../../../shared/pricing'
import { KpiCard } from '../../components/KpiCard'
import { int, pct, signedPct as signed, signedPctInterval } from '../../format'
import { sheetWords } from './sheet-words'

export function PricingKpis({ run }: { run: PricingRun }) {
  const p = run.portfolio
  const { sample, per, unitLabel, objectiveName } = sheetWords(run)
  const unitText = run.unit ? describeUnit(run.unit) : 'tokens'
  const objectiveInterval = p.objective_interval !== undefined ? p.objective_interval : p.uplift_interval
  // The change and its interval in the same digits: the shown point lies inside the shown interval.
  const objective = signedPctInterval(
    p.objective_change_pct ?? p.uplift_pct,
    objectiveInterval?.low,
    objectiveInterval?.high
  )
  const margin = signedPctInterval(
    p.margin_change_pct,
    p.margin_change_interval?.low,
    p.margin_change_interval?.high
  )
  return (
    <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
      <KpiCard
        title={`Revenue per ${per}, today (${unitLabel})`}
        value={int(p.current_revenue)}
        detail={`${int(p.items)} items, prices in ${unitText}`}
      />
      <KpiCard
        title={`Optimized revenue per ${per}`}
        value={int(p.optimized_revenue)}
        detail={
          p.revenue_interval
            ? `90% range ${int(p.revenue_interval.low)} – ${int(p.revenue_interval.high)}`
            : 'no interval for this model'
        }
        testId="kpi-optimized"
      />
      <KpiCard
        title={`${objectiveName} change${run.uncertain ? ' (uncertain)' : ''}`}
        value={objective.point}
        detail={objectiveInterval ? objective.interval : undefined}
        testId="kpi-uplift"
      />
      <KpiCard
        title={sample ? 'Enrollments per week' : `Quantity per ${per}`}
        value={`${int(p.current_enrollments)} → ${int(p.optimized_enrollments)}`}
        detail={`${int(p.items_up)} up, ${int(p.items_down)} down, ${int(p.items - p.items_changed)} unchanged`}
      />
      <KpiCard
        title={`Margin per ${per}`}
        value={
          p.current_margin !== null && p.optimized_margin !== null
            ? `${int(p.current_margin)} → ${int(p.optimized_margin)}`
            : 'no cost'
        }
        detail={
          p.margin_change_pct !== undefined && p.margin_change_pct !== null
            ? `${margin.point}${p.margin_change_interval ? ` (${margin.interval})` : ''}`
            : 'map a cost column or set a cost share to price for margin'
        }
        testId="kpi-margin"
      />
      {run.true_revenue_share_of_optimum !== null && (
        <KpiCard
          title="Sample truth: share of true optimum"
          value={pct(run.true_revenue_share_of_optimum)}
          detail={`true change ${signed(run.true_uplift_pct, 2)}${run.true_items_below_today != null ? `; ${int(run.true_items_below_today)} items truly below today` : ''}${
            // The reference is the same search run on the true curves, not an exhaustive one: a
            // sheet can land slightly above it, which is said rather than shown as an impossible share.
            run.true_revenue_share_of_optimum > 1
              ? '; above 100 %: beats the optimizer run on the true curves (a search, not exhaustive)'
              : ''
          }`}
          testId="kpi-truth"
        />
      )}
    </Box>
  )
}
