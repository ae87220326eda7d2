import { Button, Checkbox, FormControlLabel, TextField, Typography } from '@mui/material'
import type { ElasticitySource } from '../../../../shared/elasticity/results'
import { NO_DATA_REASON } from '../../components/FirstRun'

/** What a study run does; propensity (it scores the EdTech sample's learners) is offered for that sample only. */
export interface StudyForm {
  name: string
  withPropensity: boolean
  withExperiment: boolean
}

/** The study form: its name, the dataset, the optional stages and "Run the study". */
export function StudyControls({
  form,
  onForm,
  sources,
  edtech,
  loaded,
  running,
  onRun
}: {
  form: StudyForm
  onForm: (f: StudyForm) => void
  sources: ElasticitySource[]
  edtech: boolean
  loaded: boolean
  running: boolean
  onRun: () => void
}) {
  const set = (patch: Partial<StudyForm>) => onForm({ ...form, ...patch })
  return (
    <>
      <TextField
        size="small"
        label="Study name"
        value={form.name}
        onChange={(e) => set({ name: e.target.value })}
        sx={{ width: 260 }}
      />
      {edtech && (
        <FormControlLabel
          control={
            <Checkbox
              checked={form.withPropensity}
              onChange={(e) => set({ withPropensity: e.target.checked })}
            />
          }
          label="Propensity models"
        />
      )}
      <FormControlLabel
        control={
          <Checkbox
            checked={form.withExperiment}
            onChange={(e) => set({ withExperiment: e.target.checked })}
          />
        }
        label="A/B plan"
      />
      <Button variant="contained" onClick={onRun} disabled={running || !form.name.trim() || !sources.length}>
        Run the study
      </Button>
      {loaded && !sources.length && (
        <Typography variant="body2" color="warning.main" data-testid="study-disabled-reason">
          {NO_DATA_REASON}
        </Typography>
      )}
      {!form.name.trim() && (
        <Typography variant="body2" color="warning.main" data-testid="study-name-reason">
          Name the study to run it.
        </Typography>
      )}
      <Typography variant="caption" color="text.secondary" sx={{ flexBasis: '100%' }}>
        Data quality → features → six elasticity models{edtech && form.withPropensity ? ' → propensity' : ''}{' '}
        → price optimization with the saved guardrails
        {form.withExperiment ? ' → A/B plan for the recommended prices' : ''} → report (HTML, JSON, CSVs).
      </Typography>
    </>
  )
}
