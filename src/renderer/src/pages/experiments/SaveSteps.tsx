// The wizard's last two steps: save the reviewed plan (accepting an underpowered one), then download it.
import { Alert, Box, Button, Checkbox, FormControlLabel, Stack } from '@mui/material'
import type { PlanSummary } from '../../../../shared/experiments'
import { int } from '../../format'

export function SaveExperiment({
  plan,
  accept,
  onAccept,
  disabled,
  onSave
}: {
  plan: PlanSummary
  /** The analyst accepts a plan that cannot detect the effect asked for. */
  accept: boolean
  onAccept(accept: boolean): void
  disabled: boolean
  onSave(): void
}) {
  return (
    <Box sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
      {plan.power.enough === false && (
        <FormControlLabel
          control={<Checkbox checked={accept} onChange={(e) => onAccept(e.target.checked)} />}
          label="Save it anyway: I accept the larger detectable effect"
        />
      )}
      <Button
        variant="contained"
        onClick={onSave}
        disabled={disabled || (plan.power.enough === false && !accept)}
      >
        Save experiment
      </Button>
    </Box>
  )
}

export function ExportExperiment({ saved, onDownload }: { saved: PlanSummary | null; onDownload(): void }) {
  return (
    <Stack spacing={1}>
      {saved ? (
        <Alert severity="success">
          Saved &quot;{saved.name}&quot;: {int(saved.units)} units, seed {saved.seed}, {saved.algorithm}, data
          fingerprint {saved.fingerprint}. The plan CSV holds every unit&apos;s arm and price; the summary
          holds what anyone needs to re-derive it.
        </Alert>
      ) : (
        <Alert severity="info">Save the experiment on the Review step first.</Alert>
      )}
      <Box>
        <Button variant="contained" onClick={onDownload} disabled={!saved}>
          Download plan CSV and summary
        </Button>
      </Box>
    </Stack>
  )
}
