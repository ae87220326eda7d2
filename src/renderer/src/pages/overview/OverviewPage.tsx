import { useState } from 'react'
import { Alert, Box, Typography } from '@mui/material'
import type { PipelineRun } from '../../../../shared/study'
import { usePriceLab } from '../../api/ClientContext'
import type { PriceLabClient } from '../../api/client'
import { useJob } from '../../api/useJob'
import { useLoad } from '../../api/useLoad'
import { FirstRun } from '../../components/FirstRun'
import { JobCard } from '../../components/JobCard'
import { jobStatusOf } from '../../components/job-status'
import { StaleNotice } from '../../components/StaleNotice'
import { useDataset } from '../../data/DatasetContext'
import { OverviewKpis, type OverviewResults, type PageLink } from './OverviewKpis'
import { ReportDialog } from './ReportDialog'
import { StudyControls, type StudyForm } from './StudyControls'
import { StudyRuns } from './StudyRuns'
import { studyDataset } from './study-dataset'

export type { PageLink } from './OverviewKpis'

const NONE: OverviewResults = { elasticity: null, propensity: null, pricing: null, last: undefined }

/** Everything the overview shows of one dataset, fetched at once. */
async function fetchOverview(client: PriceLabClient, source: string, edtech: boolean) {
  const [er, p, pr, r] = await Promise.all([
    client.call('elasticity:runs', {}),
    client.call('propensity:run', {}),
    // The dataset's own latest sheet (the project's latest may be another dataset's, hiding this one's).
    source ? client.call('pricing:run', { dataset: source }) : Promise.resolve(null),
    client.call('pipeline:runs', {})
  ])
  // The current dataset's latest elasticity run (the runs come newest first), never another dataset's.
  const latest = er.find((x) => x.dataset === source)
  const e = latest ? await client.call('elasticity:run', { runId: latest.run_id }) : null
  const mine = r.filter((x) => studyDataset(x, er) === source)
  const results: OverviewResults = {
    elasticity: e,
    // Propensity scores learners: it belongs to the EdTech sample alone.
    propensity: edtech ? p : null,
    pricing: pr && pr.dataset === source ? pr : null,
    last: mine[0]
  }
  return { results, runs: mine }
}

/**
 * The chosen dataset's latest results and study runs, never another dataset's: loaded once the datasets
 * are known, again when a re-attached study ends or `reload` is called; late answers are dropped.
 */
function useOverview(source: string, edtech: boolean, ended: number, onError: (e: Error) => void) {
  const { client, project } = usePriceLab()
  const ds = useDataset()
  const [results, setResults] = useState<OverviewResults>(NONE)
  const [runs, setRuns] = useState<PipelineRun[]>([])
  const [loaded, setLoaded] = useState(false)
  const { reload } = useLoad(
    project && ds.loaded ? () => fetchOverview(client, source, edtech) : null,
    [client, project, ds.loaded, source, edtech, ended],
    {
      onData: (d) => {
        setResults(d.results)
        setRuns(d.runs)
        setLoaded(true)
      },
      onError
    }
  )
  return { results, runs, loaded, reload }
}

/** The study at a glance: the chosen dataset's KPIs from its latest results, one action to run it all, and its runs. */
export function OverviewPage({ onGo }: { onGo: (p: PageLink) => void }) {
  const { client } = usePriceLab()
  const job = useJob<PipelineRun>('pipeline:run')
  // The app bar's dataset: every card and study run below is of this dataset only.
  const ds = useDataset()
  const source = ds.dataset
  const [error, setError] = useState<Error | string | null>(null)
  const { results, runs, loaded, reload } = useOverview(source, ds.edtech, job.ended, setError)
  const [form, setForm] = useState<StudyForm>({
    name: 'Pricing study',
    withPropensity: true,
    withExperiment: true
  })
  const [notice, setNotice] = useState<string | null>(null)
  const [open, setOpen] = useState<number | null>(null)
  // The study just run failed: the cards still show the results of earlier runs.
  const [failed, setFailed] = useState(false)

  const run = async () => {
    setError(null)
    setNotice(null)
    setFailed(false)
    const r = await job.start((jobId) =>
      client.call('pipeline:run', {
        jobId,
        config: {
          name: form.name,
          elasticity: { dataset: source || null },
          // Propensity scores the EdTech sample's learners: never part of another dataset's study.
          ...(ds.edtech && form.withPropensity ? {} : { propensity: null }),
          ...(form.withExperiment ? {} : { experiment: null })
        }
      })
    )
    reload()
    if (r?.status === 'ok') setOpen(r.run_id)
    // Cancelling is the analyst's choice, not a failure: said in a neutral note.
    else if (r?.status === 'cancelled')
      setNotice('The run was cancelled; nothing after the cancelled stage ran.')
    else {
      setFailed(true)
      if (r) setError(`The run ${r.status}: ${r.error ?? ''}`)
    }
  }
  return (
    <Box sx={{ p: 3, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="h5">Overview</Typography>
      {loaded && !ds.sources.length && !job.running && (
        <FirstRun onImport={() => onGo('data')} onLoaded={() => void ds.reload()} />
      )}
      {/* The cards come from no form here: they are marked only when the study just run failed. */}
      <StaleNotice
        computedWith={results}
        current={results}
        failed={failed && jobStatusOf(job.error)?.severity !== 'info'}
      >
        <OverviewKpis results={results} edtech={ds.edtech} onGo={onGo} />
      </StaleNotice>
      <JobCard job={job} error={error}>
        <StudyControls
          form={form}
          onForm={setForm}
          sources={ds.sources}
          edtech={ds.edtech}
          loaded={loaded}
          running={job.running}
          onRun={() => void run()}
        />
      </JobCard>
      {notice && (
        <Alert severity="info" data-testid="study-notice">
          {notice}
        </Alert>
      )}
      <StudyRuns runs={runs} onReport={setOpen} />
      {open !== null && <ReportDialog runId={open} onClose={() => setOpen(null)} />}
    </Box>
  )
}
