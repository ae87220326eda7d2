// Pricing: model and objective, guardrails, the optimizer with its reasoning, strategies compared, scenarios, export.
import { useState, type ReactNode } from 'react'
import type { ElasticityReport } from '../../../../shared/elasticity'
import type { Job } from '../../api/useJob'
import { Alert, Box, Button, Card, CardContent, LinearProgress, Typography } from '@mui/material'
import type { ModelKind } from '../../../../shared/elasticity'
import { JobProgress } from '../../components/JobProgress'
import { JobAlert } from '../../components/JobCard'
import { useDataset } from '../../data/DatasetContext'
import { FormValidityScope, InvalidReason, useFormValidity } from '../../components/FormValidity'
import { StaleNotice } from '../../components/StaleNotice'
import { BundlePanel } from './BundlePanel'
import { PriceSheet } from './PriceSheet'
import { PricingToolbar } from './PricingToolbar'
import { ScenarioPanel } from './ScenarioPanel'
import { SettingsForm } from './SettingsForm'
import { pricingRules } from './settings-rules'
import { isSample, sheetWords } from './sheet-words'
import { useOptimize } from './useOptimize'
import { usePricingData } from './usePricingData'
import { segmentWord } from './wording'

export function PricingPage({
  onGoToData
}: {
  /** With no data at all, the next step is the Data page (sample or import), not Elasticity. */
  onGoToData: () => void
}) {
  // Profit first: until an objective is picked, margin wherever the data has a cost.
  const [objectiveAuto, setObjectiveAuto] = useState(true)
  // The app bar's dataset: the page prices it and shows only its price sheet.
  const ds = useDataset()
  const { sources, dataset, setDataset } = ds
  const [model, setModel] = useState<ModelKind | 'best'>('best')
  const data = usePricingData(dataset)
  const { settings, setSettings, runs, models, run, error } = data
  const validity = useFormValidity()
  const segment = segmentWord(ds.current?.segment ?? null, isSample(dataset))
  const fieldRules = pricingRules({
    segment,
    priceUnit: run?.unit?.kind === 'tokens' ? 'tokens' : '',
    quantity: isSample(dataset) ? 'enrollments' : 'quantity'
  })
  const { optimize, exportSheet, exportWorkbook, busy, job, ranWith, failed, needsTraining } = useOptimize({
    data,
    dataset,
    model,
    objectiveAuto,
    validity,
    fieldRules
  })
  // A run from before this visit (or the study's) was computed with its own saved settings and the default model.
  const computedWith = run
    ? ranWith && ranWith.runId === run.run_id
      ? ranWith.key
      : { settings: run.settings, model: 'best' }
    : undefined

  if (runs && !runs.length && !sources.length) return <NoDataToPrice onGoToData={onGoToData} />
  const { sample, unitLabel } = sheetWords(run, dataset)
  return (
    <Box sx={{ p: 3, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="h5">Pricing</Typography>
      <Card>
        <CardContent>
          <PricingToolbar
            sources={sources}
            dataset={dataset}
            onDataset={setDataset}
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
          />
          <TrainingFirst dataset={dataset} needsTraining={needsTraining} job={job} />
          <InvalidReason validity={validity} testId="optimize-invalid" />
          {settings && (
            <FormValidityScope value={validity}>
              <SettingsForm
                value={settings}
                onChange={setSettings}
                objectiveAuto={objectiveAuto}
                onObjectiveAuto={setObjectiveAuto}
                unit={run && run.dataset === dataset ? (run.unit ?? null) : null}
                sample={isSample(dataset)}
                segment={segment}
              />
            </FormValidityScope>
          )}
        </CardContent>
        {busy && <LinearProgress />}
      </Card>
      {error && (
        <Alert severity="error" data-testid="pricing-error">
          {error}
        </Alert>
      )}
      {run && run.portfolio && (
        <StaleNotice
          computedWith={computedWith}
          current={{ settings, model }}
          failed={failed}
          onRerun={optimize}
          rerunLabel="Optimize again"
          rerunDisabled={busy || job.running || !validity.valid}
        >
          <PriceSheet run={run} segment={segment} />
        </StaleNotice>
      )}
      {run && (
        <TitledCard title="Bundle pricing">
          <BundlePanel unit={unitLabel} sample={sample} decimals={run.unit?.decimals ?? null} />
        </TitledCard>
      )}
      <TitledCard title="Scenarios">
        <ScenarioPanel
          sample={sample}
          segment={segment}
          dataset={dataset || undefined}
          categories={[...new Set(run?.rows.map((r) => r.category) ?? [])].sort()}
        />
      </TitledCard>
    </Box>
  )
}

function TitledCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card>
      <CardContent>
        <Typography variant="subtitle1" gutterBottom>
          {title}
        </Typography>
        {children}
      </CardContent>
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

function NoDataToPrice({ onGoToData }: { onGoToData: () => void }) {
  return (
    <Box sx={{ p: 3 }}>
      <Typography variant="h5" gutterBottom>
        Pricing
      </Typography>
      <Alert
        severity="info"
        action={
          <Button color="inherit" onClick={onGoToData}>
            Go to Data
          </Button>
        }
      >
        No data to price yet: generate a sample or import sales with price and quantity columns.
      </Alert>
    </Box>
  )
}
