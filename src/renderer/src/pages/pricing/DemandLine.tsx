// The line under the headline: which demand model and run priced the sheet, its objective, and what bound it.
import { Chip, Typography } from '@mui/material'
import { MODEL_LABELS, type ModelKind } from '../../../../shared/elasticity'
import type { PricingRun } from '../../../../shared/pricing'
import { int, pct, seconds } from '../../format'
import { sheetWords } from './sheet-words'
import { bindingLabel } from './wording'

export function DemandLine({ run, segment }: { run: PricingRun; segment: string }) {
  const p = run.portfolio
  const { sample } = sheetWords(run)
  return (
    <Typography variant="body2" color="text.secondary" data-testid="pricing-demand">
      Demand: {run.demand_label ?? `${MODEL_LABELS[run.model as ModelKind] ?? run.model} model`} (elasticity
      run {run.elasticity_run_id}), objective {run.settings.objective}
      {run.settings.min_volume_share !== null
        ? `, ${sample ? 'enrollments' : 'quantity'} ≥ ${pct(run.settings.min_volume_share)} of today`
        : ''}
      ; {seconds(run.ms, 2)}. Bound by:{' '}
      {Object.entries(p.guardrail_hits).map(([k, v]) => (
        <Chip key={k} size="small" label={`${bindingLabel(k, segment)} ${int(v)}`} sx={{ mr: 0.5 }} />
      ))}
      {p.out_of_range > 0 && (
        <Chip size="small" color="warning" label={`${int(p.out_of_range)} outside observed prices`} />
      )}
    </Typography>
  )
}
