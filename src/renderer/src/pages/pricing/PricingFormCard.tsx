// The Pricing page's form card: dataset, demand and model, Optimize and exports, and the settings with their checks.
import { Alert, Card, CardContent, LinearProgress } from '@mui/material'
import type { ElasticityReport } from '../../../../shared/elasticity/results'
import type { ModelKind } from '../../../../shared/elasticity'
import type { Job } from '../../api/useJob'
import { FormValidityScope, InvalidReason, type FormValidity } from '../../components/FormValidity'
import { JobAlert } from '../../components/JobCard'
import { JobProgress } from '../../components/JobProgress'
import { useDataset } from '../../data/DatasetContext'
import { PricingToolbar } from './PricingToolbar'
import { SettingsForm } from './SettingsForm'
import { isSample } from './sheet-words'
import type { useOptimize } from './useOptimize'
import type { PricingData } from './usePricingData'

export function PricingFormCard({
  data,
  model,
  onModel: setModel,
  objectiveAuto,
  onObjectiveAuto: setObjectiveAuto,
  validity,
  opt,
  segment
}: {
  data: PricingData
  model: ModelKind | 'best'
  onModel(m: ModelKind | 'best'): void
  /** Profit first: until an objective is picked, margin wherever the data has a cost. */
  objectiveAuto: boolean
  onObjectiveAuto(auto: boolean): void
  validity: FormValidity
  opt: ReturnType<typeof useOptimize>
  segment: string
}) {
  const { dataset } = useDataset()
  const { settings, setSettings, models, run } = data
  const { optimize, exportSheet, exportWorkbook, exportBlocked, busy, job, needsTraining } = opt
  return (
    <Card>
      <CardContent>
        <PricingToolbar
          settings={settings}
          onSettings={setSettings}
          model={model}
          models={models}
          onModel={setModel}
          run={run}
          optimizeLabel={needsTraining ? 'Train models and optimize' : 'Optimize prices'}
          optimizeDisabled={busy || job.running || !settings || !validity.valid}
          onOptimize={optimize}
          onExportSheet={exportSheet}
          onExportWorkbook={exportWorkbook}
          exportBlocked={exportBlocked}
        />
        <TrainingFirst dataset={dataset} needsTraining={needsTraining} job={job} />
        <InvalidReason validity={validity} testId="optimize-invalid" />
        {settings && (
          <FormValidityScope value={validity}>
            <SettingsForm
              {...{
                value: settings,
                onChange: setSettings,
                objectiveAuto,
                onObjectiveAuto: setObjectiveAuto
              }}
              unit={run && run.dataset === dataset ? (run.unit ?? null) : null}
              sample={isSample(dataset)}
              segment={segment}
              issues={opt.issues}
              dataset={isSample(dataset) ? undefined : dataset}
              segments={data.segments}
            />
          </FormValidityScope>
        )}
      </CardContent>
      {busy && <LinearProgress />}
    </Card>
  )
}

/** Optimizing a dataset without models trains them first: said before, then shown as it runs. */
function TrainingFirst({
  dataset,
  needsTraining,
  job
}: {
  dataset: string
  needsTraining: boolean
  job: Job<ElasticityReport>
}) {
  return (
    <>
      {needsTraining && !job.running && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {dataset} has no trained demand models yet: optimizing trains them first (as on the Elasticity page,
          default settings).
        </Alert>
      )}
      {job.running && <JobProgress percent={job.percent} message={job.message} onCancel={job.cancel} />}
      <JobAlert error={job.error} />
    </>
  )
}
