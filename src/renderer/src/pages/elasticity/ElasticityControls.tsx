import { Box, Button, Checkbox, FormControlLabel, MenuItem, TextField, Typography } from '@mui/material'
import { MODEL_KINDS, MODEL_LABELS, type Validation } from '../../../../shared/elasticity'
import { CheckboxGroup } from '../../components/CheckboxGroup'
import { useDataset } from '../../data/DatasetContext'
import { NO_DATA_REASON } from '../../components/FirstRun'
import { FormValidityScope, InvalidReason, type FormValidity } from '../../components/FormValidity'
import { NumberField } from '../../components/NumberField'
import { VALIDATION_LABELS, type TrainSettings } from './train-settings'

/** Which of the dataset's controls the models use besides price (null: all of them). */
function FeaturesSelect({
  available,
  features,
  onFeatures
}: {
  available: string[]
  features: string[]
  onFeatures: (features: string[] | null) => void
}) {
  return (
    <TextField
      select
      size="small"
      label="Features besides price"
      value={features}
      onChange={(e) => {
        const v = e.target.value as unknown as string[]
        onFeatures(v.length === available.length ? null : v)
      }}
      slotProps={{
        select: { multiple: true, renderValue: (v) => `${(v as string[]).length} of ${available.length}` }
      }}
      sx={{ minWidth: 200 }}
    >
      {available.map((c) => (
        <MenuItem key={c} value={c}>
          <Checkbox size="small" checked={features.includes(c)} />
          {c}
        </MenuItem>
      ))}
    </TextField>
  )
}

/** How the models are validated: later periods, held-out rows or unseen items. */
function ValidationSelect({
  settings,
  hasPeriod,
  onValidation
}: {
  settings: TrainSettings
  hasPeriod: boolean
  onValidation: (v: Validation) => void
}) {
  return (
    <TextField
      select
      size="small"
      label="Validate on"
      value={settings.validation ?? (hasPeriod ? 'time' : 'rows')}
      onChange={(e) => onValidation(e.target.value as Validation)}
      sx={{ minWidth: 200 }}
      title="Later periods of the same items (what a price change asks), held-out rows of the same items (data without periods), or items the models never saw"
    >
      <MenuItem value="time" disabled={!hasPeriod}>
        {VALIDATION_LABELS.time}
        {hasPeriod ? '' : ' (needs a period column)'}
      </MenuItem>
      <MenuItem value="rows">{VALIDATION_LABELS.rows}</MenuItem>
      <MenuItem value="items">{VALIDATION_LABELS.items}</MenuItem>
    </TextField>
  )
}

/** The training form: the dataset, its features, the models and how they are validated, and "Train models". */
export function ElasticityControls({
  settings,
  onSettings,
  running,
  onTrain,
  validity
}: {
  settings: TrainSettings
  onSettings: (s: TrainSettings) => void
  running: boolean
  onTrain: () => void
  /** The page's form validity: an invalid field blocks "Train models" here and the stale banner's rerun. */
  validity: FormValidity
}) {
  const { sources, dataset: source } = useDataset()
  const set = (patch: Partial<TrainSettings>) => onSettings({ ...settings, ...patch })
  const current = sources.find((x) => x.id === source)
  const available = current?.controls ?? []
  // The time holdout needs a period column: without one the default is folds over rows within items.
  const hasPeriod = current ? current.period !== null : true
  const features = settings.features ?? available
  return (
    <FormValidityScope value={validity}>
      <FeaturesSelect available={available} features={features} onFeatures={(f) => set({ features: f })} />
      <Box sx={{ display: 'flex', flexWrap: 'wrap' }}>
        <CheckboxGroup
          options={MODEL_KINDS}
          labels={MODEL_LABELS}
          value={settings.models}
          onChange={(models) => set({ models })}
        />
      </Box>
      <FormControlLabel
        control={
          <Checkbox
            size="small"
            checked={settings.withinItems ?? true}
            onChange={(e) => set({ withinItems: e.target.checked })}
          />
        }
        label="Debias within items"
        title="Estimate the debiased elasticity from price changes within each item over time, so item traits you have not measured cannot bias it"
      />
      <ValidationSelect
        settings={settings}
        hasPeriod={hasPeriod}
        onValidation={(validation) => set({ validation })}
      />
      <NumberField
        label="Seed"
        value={settings.seed}
        nullable={false}
        integer
        min={0}
        max={2 ** 31}
        onChange={(v) => v !== null && set({ seed: v })}
        width={110}
        testId="elasticity-seed"
      />
      <Button
        variant="contained"
        onClick={onTrain}
        disabled={running || !source || !settings.models.length || !validity.valid}
      >
        Train models
      </Button>
      <InvalidReason validity={validity} testId="train-invalid" />
      {!sources.length && !running && (
        <Typography variant="body2" color="warning.main" data-testid="train-disabled-reason">
          {NO_DATA_REASON}
        </Typography>
      )}
    </FormValidityScope>
  )
}
