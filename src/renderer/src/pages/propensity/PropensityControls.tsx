import { Button, TextField } from '@mui/material'
import { TARGETS, type Target } from '../../../../shared/propensity'
import type { PropensityRun } from '../../../../shared/propensity/results'
import { CheckboxGroup } from '../../components/CheckboxGroup'
import {
  FormValidityScope,
  InvalidReason,
  useReportProblem,
  type FormValidity
} from '../../components/FormValidity'
import { cutoffProblem } from './forms'
import { TARGET_LABELS } from './labels'

/** The learner models' form: which scores, and the cutoff (empty: 60 days before the end of the data). */
export interface PropensityForm {
  targets: Target[]
  cutoff: string
}

/** The settings a run was trained with, and the form's, in one shape (sorted scores; empty cutoff = the run's). */
export const trainedWith = (run: PropensityRun) => ({
  targets: run.targets.map((t) => t.target).sort(),
  cutoff: run.cutoff
})
export const formAsTraining = (form: PropensityForm, run: PropensityRun) => ({
  targets: [...form.targets].sort(),
  cutoff: form.cutoff.trim() || run.cutoff
})

function CutoffField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const problem = cutoffProblem(value)
  useReportProblem(problem ? { label: 'Cutoff', message: problem } : null)
  return (
    <TextField
      size="small"
      label="Cutoff (YYYY-MM-DD)"
      placeholder="60 days before the end"
      value={value}
      error={!!problem}
      onChange={(e) => onChange(e.target.value)}
      sx={{ width: 200 }}
      slotProps={{ htmlInput: { 'data-testid': 'propensity-cutoff' } }}
    />
  )
}

export function PropensityControls({
  form,
  onForm,
  validity,
  running,
  hasRun,
  onTrain,
  onExport
}: {
  form: PropensityForm
  onForm: (f: PropensityForm) => void
  validity: FormValidity
  running: boolean
  hasRun: boolean
  onTrain: () => void
  onExport: () => void
}) {
  return (
    <FormValidityScope value={validity}>
      <CheckboxGroup
        options={TARGETS}
        labels={TARGET_LABELS}
        value={form.targets}
        onChange={(targets) => onForm({ ...form, targets })}
      />
      <CutoffField value={form.cutoff} onChange={(cutoff) => onForm({ ...form, cutoff })} />
      <Button
        variant="contained"
        onClick={onTrain}
        disabled={running || !form.targets.length || !validity.valid}
      >
        Train models
      </Button>
      <Button variant="outlined" onClick={onExport} disabled={!hasRun}>
        Export scored learners
      </Button>
      <InvalidReason validity={validity} testId="propensity-invalid" />
    </FormValidityScope>
  )
}
