import { useEffect, useState } from 'react'
import { Alert, Box, Card, CardContent, Typography } from '@mui/material'
import type { PropensityRun, SegmentRow } from '../../../../shared/propensity/results'
import { TARGETS, type Target } from '../../../../shared/propensity'
import { usePriceLab } from '../../api/ClientContext'
import { useJob } from '../../api/useJob'
import { useLoad } from '../../api/useLoad'
import { useFormValidity } from '../../components/FormValidity'
import { jobStatusOf } from '../../components/job-status'
import { StaleNotice } from '../../components/StaleNotice'
import { JobCard } from '../../components/JobCard'
import { useDataset } from '../../data/DatasetContext'
import { CustomerPropensity, SourceSwitch, type Source } from './CustomerPropensity'
import { formAsTraining, PropensityControls, trainedWith, type PropensityForm } from './PropensityControls'
import { LearnerLookup } from './LearnerLookup'
import { PersonalizedPrices } from './PersonalizedPrices'
import { RiskMatrix } from './RiskMatrix'
import { SegmentActions } from './SegmentActions'
import { TargetResults } from './TargetResults'

/**
 * What the page scores: the EdTech sample's learners when that sample is the chosen dataset and the
 * project has them, else a customer table (a project of the analyst's own data opens on it).
 */
function useSource(): [Source, (s: Source) => void, Error | null] {
  const { client, project } = usePriceLab()
  const { edtech } = useDataset()
  const [source, setSource] = useState<Source>(edtech ? 'learners' : 'customers')
  const [error, setError] = useState<Error | null>(null)
  useEffect(() => {
    if (project && !edtech) setSource('customers')
  }, [project, edtech])
  useLoad(project && edtech ? () => client.call('data:tables', {}) : null, [client, project, edtech], {
    onData: (ts) => setSource(ts.some((x) => x.name === 'learners' && x.rows > 0) ? 'learners' : 'customers'),
    onError: setError
  })
  return [source, setSource, error]
}

/**
 * The project's propensity run (reloaded when a re-attached training ends) with the form it sets, and the
 * enrollment segments of the run; late answers are dropped.
 */
function usePropensityRun(ended: number, setError: (e: Error) => void) {
  const { client, project } = usePriceLab()
  const [run, setRun] = useState<PropensityRun | null>(null)
  const [form, setForm] = useState<PropensityForm>({ targets: [...TARGETS], cutoff: '' })
  const [segments, setSegments] = useState<SegmentRow[] | null>(null)
  useLoad(project ? () => client.call('propensity:run', {}) : null, [client, project, ended], {
    onData: (r) => {
      setRun(r)
      // The run shown sets the form (it says what is on screen); a change after it marks the results stale.
      if (r) setForm({ targets: r.targets.map((x) => x.target), cutoff: '' })
    },
    onError: setError
  })
  // A stale run's segments are refused by the server (its sample was regenerated): not asked for.
  const hasEnrollment = !run?.stale && !!run?.targets.some((x) => x.target === 'enrollment')
  useEffect(() => {
    if (!hasEnrollment) setSegments(null)
  }, [run, hasEnrollment])
  useLoad(hasEnrollment ? () => client.call('propensity:segments', {}) : null, [client, run, hasEnrollment], {
    onData: setSegments,
    onError: (e) => {
      setSegments(null)
      setError(e)
    }
  })
  return { run, setRun, form, setForm, segments, setSegments }
}

interface ResultsProps {
  run: PropensityRun
  t: PropensityRun['targets'][number] | null
  segments: SegmentRow[] | null
  onTab(t: Target): void
  onSegments(s: SegmentRow[]): void
  onRun(r: PropensityRun): void
  onError(e: Error | string): void
}

/** The run's results: the chosen score, the segments and their actions, personalized prices, the risk matrix. */
function PropensityResults({ run, t, segments, onTab, onSegments, onRun, onError }: ResultsProps) {
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      {t && <TargetResults run={run} t={t} onTab={onTab} onError={onError} />}
      {segments && (
        <SegmentActions
          run={run}
          segments={segments}
          onSegments={onSegments}
          onRun={onRun}
          onError={onError}
        />
      )}
      {segments && <PersonalizedPrices onError={onError} />}
      <RiskMatrix run={run} />
    </Box>
  )
}

/** A card to look one learner up: scores, profile and the action for them. */
function LearnerLookupCard({ onError }: { onError(e: Error | string): void }) {
  return (
    <Card>
      <CardContent>
        <Typography variant="h6" gutterBottom>
          Learner lookup
        </Typography>
        <LearnerLookup onError={onError} />
      </CardContent>
    </Card>
  )
}

/** Propensity: leak-free models for enrollment, churn and upsell, compared with the rule baseline; scored learners. */
export function PropensityPage() {
  const { client } = usePriceLab()
  const job = useJob<PropensityRun>('propensity:train')
  const [error, setError] = useState<Error | string | null>(null)
  const { run, setRun, form, setForm, segments, setSegments } = usePropensityRun(job.ended, setError)
  const validity = useFormValidity()
  const [tab, setTab] = useState<Target>('churn')
  const [source, setSource, sourceError] = useSource()
  const { edtech } = useDataset()

  const train = async () => {
    setError(null)
    const r = await job.start((jobId) =>
      client.call('propensity:train', {
        jobId,
        targets: form.targets,
        cutoff: form.cutoff.trim() || undefined
      })
    )
    if (r) setRun(r)
  }
  const exportCsv = async () => {
    try {
      const f = await client.call('propensity:export', { bom: true })
      await client.saveFile(f.fileId, f.name)
    } catch (e) {
      setError(e as Error)
    }
  }
  // The tab chosen while the run has it; else the run's first score.
  const t = run?.targets.find((x) => x.target === tab) ?? run?.targets[0] ?? null

  // Another dataset than the EdTech sample: customer tables only (its learners are the sample's).
  if (source === 'customers')
    return <CustomerPropensity source={source} onSource={edtech ? setSource : undefined} />
  return (
    <Box sx={{ p: 3, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="h5">Propensity</Typography>
      <SourceSwitch value={source} onChange={setSource} />
      <JobCard job={job} error={error ?? sourceError}>
        <PropensityControls
          form={form}
          onForm={setForm}
          validity={validity}
          running={job.running}
          hasRun={!!run}
          onTrain={() => void train()}
          onExport={() => void exportCsv()}
        />
      </JobCard>
      {!run && !job.running && (
        <Alert severity="info">
          No propensity model trained yet for this project: choose the scores and train.
        </Alert>
      )}
      {run && (
        <StaleNotice
          computedWith={trainedWith(run)}
          current={formAsTraining(form, run)}
          failed={jobStatusOf(job.error)?.severity === 'error'}
          onRerun={() => void train()}
          rerunDisabled={job.running || !validity.valid || !form.targets.length}
          rerunLabel="Train again"
          dataChanged={run.stale}
        >
          <PropensityResults
            run={run}
            t={t}
            segments={segments}
            onTab={setTab}
            onSegments={setSegments}
            onRun={setRun}
            onError={setError}
          />
        </StaleNotice>
      )}
      {run && <LearnerLookupCard onError={setError} />}
    </Box>
  )
}
