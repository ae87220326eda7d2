import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Alert, Box, Typography } from '@mui/material'
import type { ElasticityReport, RunSummary } from '../../../../shared/elasticity/results'
import type { ModelKind } from '../../../../shared/elasticity'
import { usePriceLab } from '../../api/ClientContext'
import { useJob, type Job } from '../../api/useJob'
import { JobCard } from '../../components/JobCard'
import { useDataset } from '../../data/DatasetContext'
import { ElasticityControls } from './ElasticityControls'
import { CrossCard } from './CrossCard'
import { ElasticityViews } from './ElasticityViews'
import { ModelComparison } from './ModelComparison'
import { RecommendedCard } from './RecommendedCard'
import { useFormValidity } from '../../components/FormValidity'
import { StaleNotice } from '../../components/StaleNotice'
import { NotSalesData, useNotSales } from '../../components/NotSalesData'
import { jobStatusOf } from '../../components/job-status'
import {
  defaultTrainSettings,
  elasticityStaleness,
  formAsTraining,
  rememberForm,
  rememberedForm,
  settingsOf,
  trainedWith,
  type TrainSettings
} from './train-settings'

/** The chosen dataset's runs and the one on screen; loads started before a dataset switch are dropped. */
function useElasticityRuns(source: string) {
  const { client } = usePriceLab()
  const sourceRef = useRef(source)
  // Updated before the loading effects run, so loads started on a switch see the new dataset.
  useEffect(() => {
    sourceRef.current = source
  }, [source])
  const [runs, setRuns] = useState<RunSummary[]>([])
  const [report, setReport] = useState<ElasticityReport | null>(null)
  const load = useCallback(
    async (runId?: number) => {
      const of = sourceRef.current
      const mine = (await client.call('elasticity:runs', {})).filter((x) => x.dataset === of)
      // The latest run of the current dataset, never the latest run of the project (another dataset's).
      const id = mine.some((x) => x.run_id === runId) ? runId : mine[0]?.run_id
      const r = id ? await client.call('elasticity:run', { runId: id }) : null
      if (sourceRef.current !== of) return // the analyst switched datasets meanwhile
      setRuns(mine)
      setReport(r)
    },
    [client]
  )
  const clear = useCallback(() => {
    setReport(null)
    setRuns([])
  }, [])
  return { runs, report, load, clear }
}

/** Training a new run (then showing it) and exporting the shown run's tables. */
function useElasticityActions(
  job: Job<ElasticityReport>,
  source: string,
  settings: TrainSettings,
  report: ElasticityReport | null,
  load: (runId?: number) => Promise<void>,
  setError: (e: Error | null) => void
) {
  const { client } = usePriceLab()
  const train = async () => {
    setError(null)
    const r = await job.start((jobId) =>
      client.call('elasticity:train', {
        jobId,
        dataset: source || undefined,
        models: settings.models,
        seed: settings.seed,
        withinItems: settings.withinItems ?? undefined,
        controls: settings.features ?? undefined,
        validation: settings.validation ?? undefined
      })
    )
    if (r) await load(r.run_id ?? undefined)
  }
  const exportCsv = async (table: 'models' | 'segments') => {
    if (!report?.run_id) return
    try {
      const f = await client.call('elasticity:export', { runId: report.run_id, table, bom: true })
      await client.saveFile(f.fileId, f.name)
    } catch (e) {
      setError(e as Error)
    }
  }
  return { train, exportCsv }
}

interface ResultsProps {
  report: ElasticityReport
  runs: RunSummary[]
  model: ElasticityReport['models'][number] | null
  onChoose(model: ModelKind): void
  onRun(runId: number): void
  onExport(table: 'models' | 'segments'): void
}

/** The shown run: the recommendation, the models compared, its warnings, the segment views and cross effects. */
function ElasticityResults({ report, runs, model, onChoose, onRun, onExport }: ResultsProps) {
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <RecommendedCard report={report} />
      <ModelComparison
        report={report}
        runs={runs}
        chosen={model?.name ?? null}
        onChoose={onChoose}
        onRun={onRun}
        onExport={() => onExport('models')}
      />
      {report.warnings.length > 0 && (
        <Alert severity="warning">
          {report.warnings.slice(0, 5).map((w) => (
            <div key={w}>{w}</div>
          ))}
        </Alert>
      )}
      <ElasticityViews report={report} model={model} onExport={() => onExport('segments')} />
      <CrossCard report={report} />
    </Box>
  )
}

/**
 * The training form of one dataset (`key`: project and dataset). A switch restores the form left on the dataset
 * (or its defaults, never the previous dataset's); the run shown sets the form (it says what is on screen)
 * unless the analyst edited it beside this very run; a change after it marks the results stale.
 */
function useTrainForm(
  project: string,
  dataset: string,
  report: ElasticityReport | null,
  available: readonly string[] | undefined
): [TrainSettings, (s: TrainSettings) => void] {
  const key = `${project}|${dataset}`
  const [settings, setSettings] = useState<TrainSettings>(defaultTrainSettings)
  useEffect(() => setSettings(rememberedForm(key, null) ?? defaultTrainSettings()), [key])
  useEffect(() => {
    // The previous dataset's run, still on screen for a moment after a switch, never sets this dataset's form.
    if (report && report.dataset === dataset)
      setSettings(
        rememberedForm(key, report.run_id ?? null) ?? settingsOf(report, available ?? report.controls)
      )
  }, [report, available, key, dataset])
  const edit = (s: TrainSettings) => {
    setSettings(s)
    rememberForm(key, report?.run_id ?? null, s)
  }
  return [settings, edit]
}

/** Elasticity: train the six models in workers, compare them, and read naive vs debiased elasticities per segment. */
export function ElasticityPage() {
  const { project, dataVersion } = usePriceLab()
  const job = useJob<ElasticityReport>('elasticity:train')
  // The dataset is the app's (the app bar's switcher): this page shows only its runs.
  const ds = useDataset()
  const source = ds.dataset
  const { runs, report, load, clear } = useElasticityRuns(source)
  const [chosen, setChosen] = useState<ModelKind | null>(null)
  const [error, setError] = useState<Error | null>(null)
  const validity = useFormValidity()
  const notSales = useNotSales()

  useEffect(() => {
    if (!project) return
    clear()
    load().catch((e: Error) => setError(e))
  }, [project, dataVersion, load, clear, job.ended, source])
  // How the last training of the previous dataset ended is not this dataset's (a running one stays shown).
  const { reset } = job
  const shownSource = useRef(source)
  useEffect(() => {
    if (shownSource.current === source) return
    shownSource.current = source
    setError(null)
    reset()
  }, [source, reset])
  useEffect(() => setChosen(report?.best_model ?? null), [report])
  const [settings, edit] = useTrainForm(project?.path ?? '', source, report, ds.current?.controls)

  const { train, exportCsv } = useElasticityActions(job, source, settings, report, load, setError)
  // The last training failed (a cancel is not a failure): what is shown is from an earlier run.
  const failed = jobStatusOf(job.error)?.severity === 'error'
  const changed = report ? elasticityStaleness(settings, report) : []
  const model = useMemo(
    () => report?.models.find((m) => m.name === chosen) ?? report?.models[0] ?? null,
    [report, chosen]
  )

  if (notSales && !job.running) return <NotSalesData title="Elasticity" action="train its demand models" />
  return (
    <Box sx={{ p: 3, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="h5">Elasticity</Typography>
      <JobCard job={job} error={error}>
        <ElasticityControls
          settings={settings}
          onSettings={edit}
          running={job.running}
          onTrain={() => void train()}
          validity={validity}
        />
      </JobCard>
      {!report && !job.running && (
        <Alert severity="info">No model trained yet for this dataset: train the models.</Alert>
      )}
      {report && changed.length > 0 && (
        <Typography variant="body2" color="text.secondary" data-testid="stale-detail">
          Changed since run {report.run_id}: {changed.join('; ')}
        </Typography>
      )}
      {report && (
        <StaleNotice
          computedWith={trainedWith(report)}
          current={formAsTraining(settings, report)}
          failed={failed}
          onRerun={() => void train()}
          rerunDisabled={job.running || !validity.valid}
          rerunLabel="Train again"
        >
          <ElasticityResults
            report={report}
            runs={runs}
            model={model}
            onChoose={setChosen}
            onRun={(id) => void load(id).catch((e: Error) => setError(e))}
            onExport={(table) => void exportCsv(table)}
          />
        </StaleNotice>
      )}
    </Box>
  )
}
