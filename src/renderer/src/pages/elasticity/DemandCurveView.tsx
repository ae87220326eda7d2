// The "Demand & revenue" tab: the recommended elasticity's curve for one segment; a model's own curve on request.
import { useState } from 'react'
import { Alert, Box, FormControlLabel, Switch, Typography } from '@mui/material'
import { useTheme } from '@mui/material/styles'
import type { ElasticityReport } from '../../../../shared/elasticity/results'
import type { ModelReport } from '../../../../shared/elasticity/model-results'
import { EChart } from '../../components/EChart'
import { fixed as num } from '../../format'
import type { CurveAxes } from './dataset-words'
import { curveElasticity, curveOf, recommendedCurveChart, type CurveElasticity } from './recommended-curve'

/** "−2.40 [90%: −2.61, −2.19] from Debiased (DML)", or the pooled estimate's words. */
function estimateWords(e: CurveElasticity, segment: string, segmentColumn: string): string {
  const interval =
    e.ci_low !== null && e.ci_high !== null ? ` [90%: ${num(e.ci_low, 2)}, ${num(e.ci_high, 2)}]` : ''
  return e.pooled
    ? `${segment}'s own price effect is not identified, so the curve uses the pooled estimate of the identified ${segmentColumn} values, ${num(e.elasticity, 2)}${interval}, as pricing does`
    : `the recommended elasticity ${num(e.elasticity, 2)}${interval} from ${e.from}, the figure pricing uses`
}

export function DemandCurveView({
  report,
  model,
  segment,
  axes
}: {
  report: ElasticityReport
  /** The model chosen in the comparison: its level at today's price anchors the curve; its own curve on request. */
  model: ModelReport
  segment: string
  axes: CurveAxes
}) {
  const theme = useTheme()
  const [showModel, setShowModel] = useState(false)
  const e = curveElasticity(report, segment)
  const anchor = curveOf(model, segment)
  const ownIsRecommended = e !== null && !e.pooled && e.from === model.label
  const toggle = (
    <FormControlLabel
      control={
        <Switch
          size="small"
          checked={showModel}
          onChange={(ev) => setShowModel(ev.target.checked)}
          slotProps={{ input: { 'aria-label': `Show ${model.label}'s own curve` } }}
        />
      }
      label={`Show ${model.label}'s own curve${ownIsRecommended ? '' : ' (not used for pricing)'}`}
    />
  )
  if (!e || !anchor)
    return (
      <Box sx={{ mt: 1 }} data-testid="demand-curve">
        <Alert severity="info">
          No recommended elasticity for {segment}
          {e === null && curveReason(report, segment) ? `: ${curveReason(report, segment)}` : ''}. No demand
          curve is drawn from a model the recommendation does not use.
        </Alert>
      </Box>
    )
  return (
    <Box sx={{ mt: 1 }} data-testid="demand-curve">
      <EChart
        option={recommendedCurveChart(
          anchor,
          e,
          theme,
          axes,
          showModel ? { label: model.label, curve: anchor } : null
        )}
        height={360}
        label="Demand and revenue at the recommended elasticity"
      />
      <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 2, flexWrap: 'wrap' }}>
        <Typography
          variant="body2"
          color="text.secondary"
          sx={{ flex: 1, minWidth: 320 }}
          data-testid="curve-caption"
        >
          Drawn with {estimateWords(e, segment, report.segment_column)}: {axes.quantity} at today&apos;s price
          (as {model.label} predicts it) × (price ÷ today&apos;s)^ε. Shaded: the 90% interval.
          {showModel && !ownIsRecommended && e.reason ? ` The recommendation: ${e.reason}.` : ''}
        </Typography>
        {toggle}
      </Box>
    </Box>
  )
}

function curveReason(report: ElasticityReport, segment: string): string {
  return report.segments.find((s) => s.segment === segment)?.recommended_reason ?? ''
}
