import { useCallback, useEffect, useState } from 'react'
import { Alert, Box, Card, CardContent, Typography } from '@mui/material'
import type { PropensityRun, SegmentRow } from '../../../../shared/propensity/results'
import { TARGETS, type Target } from '../../../../shared/propensity'
import { usePriceLab } from '../../api/ClientContext'
import { useJob } from '../../api/useJob'
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
    if (!project) return
    if (!edtech) return setSource('customers')
    client
      .call('data:tables', {})
      .then((ts) => setSource(ts.some((x) => x.name === 'learners' && x.rows > 0) ? 'learners' : 'customers'))
      .catch((e: Error) => setError(e))
  }, [client, project, edtech])
  return [source, setSource, error]
}

/** Propensity: leak-free models for enrollment, churn and upsell, compared with the rule baseline; scored learners. */
export function PropensityPage() {
  const { client, project } = usePriceLab()
  const job = useJob<PropensityRun>('propensity:train')
  const [run, setRun] = useState<PropensityRun | null>(null)
  const [form, setForm] = useState<PropensityForm>({ targets: [...TARGETS], cutoff: '' })
  const validity = useFormValidity()
  const [tab, setTab] = useState<Target>('churn')
  const [error, setError] = useState<Error | string | null>(null)
  const [source, setSource, sourceError] = useSource()
  const { edtech } = useDataset()
  const [segments, setSegments] = useState<SegmentRow[] | null>(null)

  const load = useCallback(async () => {
    const r = await client.call('propensity:run', {})
    setRun(r)
    // The run shown sets the form (it says what is on screen); a change after it marks the results stale.
    if (r) setForm({ targets: r.targets.map((x) => x.target), cutoff: '' })
  }, [client])
  useEffect(() => {
    if (project) load().catch((e: Error) => setError(e))
  }, [project, load, job.ended])

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
  const hasEnrollment = !!run?.targets.some((x) => x.target === 'enrollment')
  useEffect(() => {
    if (!hasEnrollment) return setSegments(null)
    client
      .call('propensity:segments', {})
      .then(setSegments)
      .catch((e: Error) => {
        setSegments(null)
        setError(e)
      })
  }, [client, run, hasEnrollment])

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
        >
          <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
            {t && <TargetResults run={run} t={t} onTab={setTab} onError={setError} />}
            {segments && (
              <SegmentActions
                run={run}
                segments={segments}
                onSegments={setSegments}
                onRun={setRun}
                onError={setError}
              />
            )}
            {segments && <PersonalizedPrices onError={setError} />}
            <RiskMatrix run={run} />
          </Box>
        </StaleNotice>
      )}
      {run && (
        <Card>
          <CardContent>
            <Typography variant="h6" gutterBottom>
              Learner lookup
            </Typography>
            <LearnerLookup onError={setError} />
          </CardContent>
        </Card>
      )}
    </Box>
  )
}
