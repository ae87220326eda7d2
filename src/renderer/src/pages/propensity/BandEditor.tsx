import { useState } from 'react'
import { Box, Button, Typography } from '@mui/material'
import type { PropensityRun, SegmentRow } from '../../../../shared/propensity/results'
import { usePriceLab } from '../../api/ClientContext'
import { FormValidityScope, InvalidReason, useFormValidity } from '../../components/FormValidity'
import { NumberField } from '../../components/NumberField'

/** The Hot / Warm / Cold thresholds: applied to the stored scores at once, no retraining. */
export function BandEditor({
  run,
  onApplied,
  onError
}: {
  run: PropensityRun
  onApplied: (r: { segments: SegmentRow[]; run: PropensityRun }) => void
  onError: (e: Error) => void
}) {
  const min = (name: string, fallback: number) => run.bands?.find((b) => b.name === name)?.min ?? fallback
  const [t, setT] = useState({ hot: min('Hot', 0.7), warm: min('Warm', 0.5), cold: min('Cold', 0.3) })
  const valid = t.hot <= 1 && t.hot > t.warm && t.warm > t.cold && t.cold > 0
  const { client } = usePriceLab()
  const validity = useFormValidity()
  const apply = async () => {
    try {
      onApplied(await client.call('propensity:bands', t))
    } catch (e) {
      onError(e as Error)
    }
  }
  return (
    <FormValidityScope value={validity}>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
        <Typography variant="body2">Bands of enrollment propensity:</Typography>
        {(['hot', 'warm', 'cold'] as const).map((k) => (
          <NumberField
            key={k}
            label={`${k[0].toUpperCase()}${k.slice(1)} from`}
            value={t[k]}
            nullable={false}
            min={0}
            max={1}
            width={120}
            onChange={(v) => setT({ ...t, [k]: v ?? 0 })}
            testId={`band-${k}`}
          />
        ))}
        <Typography variant="body2" color="text.secondary">
          Dormant below Cold
        </Typography>
        <Button onClick={() => void apply()} disabled={!valid || !validity.valid}>
          Apply thresholds
        </Button>
        <InvalidReason validity={validity} testId="band-invalid" />
        {validity.valid && !valid && (
          <Typography variant="body2" color="error" data-testid="band-problem">
            The thresholds must go down from Hot to Cold: 1 ≥ Hot &gt; Warm &gt; Cold &gt; 0 (now Hot {t.hot},
            Warm {t.warm}, Cold {t.cold}).
          </Typography>
        )}
      </Box>
    </FormValidityScope>
  )
}
