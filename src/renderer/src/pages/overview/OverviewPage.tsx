import { useCallback, useEffect, useState } from 'react'
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  Chip,
  FormControlLabel,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableRow,
  TextField,
  Typography
} from '@mui/material'
import { useTheme, type Theme } from '@mui/material/styles'
import type { PipelineRun } from '../../../../shared/study'
import { ApiError, type ElasticitySource } from '../../../../shared/api'
import { FirstRun, NO_DATA_REASON } from '../../components/FirstRun'
import type { ElasticityReport } from '../../../../shared/elasticity'
import type { PropensityRun } from '../../../../shared/propensity'
import type { PricingRun } from '../../../../shared/pricing'
import { MODEL_LABELS, type ModelKind } from '../../../../shared/elasticity'
import { RecommendedKpi } from './RecommendedKpi'
import { usePriceLab } from '../../api/ClientContext'
import { useJob } from '../../api/useJob'
import { JobProgress } from '../../components/JobProgress'
import { HeaderRow } from '../../components/HeaderRow'
import { KpiCard } from '../../components/KpiCard'
import { EChart, type ChartOption } from '../../components/EChart'
import { ReportDialog } from './ReportDialog'
import { fixed as n } from '../../format'
import { useDataset } from '../../data/DatasetContext'
import { studyDataset } from './study-dataset'

export type PageLink = 'data' | 'elasticity' | 'propensity' | 'pricing' | 'experiments'

/** R² and AUCs over the study runs: did a model drift between runs? */
function driftChart(runs: PipelineRun[], theme: Theme): ChartOption {
  const ok = [...runs].reverse().filter((r) => r.status === 'ok')
  const targets = [...new Set(ok.flatMap((r) => Object.keys(r.metrics.auc)))]
  const colors = [
    theme.palette.secondary.main,
    theme.palette.success.main,
    theme.palette.warning.main,
    theme.palette.info.main
  ]
  return {
    grid: { left: 48, right: 16, top: 32, bottom: 32 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: ok.map((r) => `run ${r.run_id}`) },
    yAxis: { type: 'value', min: 0.5, max: 1 },
    series: [
      {
        name: 'elasticity R²',
        type: 'line',
        data: ok.map((r) => r.metrics.test_r2),
        itemStyle: { color: theme.palette.primary.main }
      },
      ...targets.map((t, k) => ({
        name: `${t} AUC`,
        type: 'line',
        data: ok.map((r) => r.metrics.auc[t] ?? null),
        itemStyle: { color: colors[k % colors.length] }
      }))
    ]
  }
}

/** The study at a glance: the seed's KPIs from the latest results, one action to run it all, and every run so far. */
export function OverviewPage({ onGo }: { onGo: (p: PageLink) => void }) {
  const { client, project } = usePriceLab()
  const theme = useTheme()
  const job = useJob<PipelineRun>('pipeline:run')
  const [notice, setNotice] = useState<string | null>(null)
  const [elasticity, setElasticity] = useState<ElasticityReport | null>(null)
  const [propensity, setPropensity] = useState<PropensityRun | null>(null)
  const [pricing, setPricing] = useState<PricingRun | null>(null)
  const [runs, setRuns] = useState<PipelineRun[]>([])
  const [name, setName] = useState('Pricing study')
  // The app bar's dataset: every card and study run below is of this dataset only.
  const ds = useDataset()
  const sources: ElasticitySource[] = ds.sources
  const source = ds.dataset
  const setSource = ds.setDataset
  const [withPropensity, setWithPropensity] = useState(true)
  const [withExperiment, setWithExperiment] = useState(true)
  const [open, setOpen] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loaded, setLoaded] = useState(false)
  const load = useCallback(async () => {
    const [er, p, pr, r] = await Promise.all([
      client.call('elasticity:runs', {}),
      client.call('propensity:run', {}),
      client.call('pricing:run', {}),
      client.call('pipeline:runs', {})
    ])
    // The current dataset's latest elasticity run (the runs come newest first), never another dataset's.
    const latest = er.find((x) => x.dataset === source)
    const e = latest ? await client.call('elasticity:run', { runId: latest.run_id }) : null
    setElasticity(e)
    // Propensity scores learners: it belongs to the EdTech sample alone.
    setPropensity(ds.edtech ? p : null)
    setPricing(pr && pr.dataset === source ? pr : null)
    setRuns(r.filter((x) => studyDataset(x, er) === source))
    setLoaded(true)
  }, [client, source, ds.edtech])
  useEffect(() => {
    if (project && ds.loaded) load().catch((e: Error) => setError(e.message))
  }, [project, load, job.ended, ds.loaded])
  const run = async () => {
    setError(null)
    setNotice(null)
    const r = await job.start((jobId) =>
      client.call('pipeline:run', {
        jobId,
        config: {
          name,
          elasticity: { dataset: source || null },
          ...(withPropensity ? {} : { propensity: null }),
          ...(withExperiment ? {} : { experiment: null })
        }
      })
    )
    await load()
    if (r?.status === 'ok') setOpen(r.run_id)
    // Cancelling is the analyst's choice, not a failure: said in a neutral note.
    else if (r?.status === 'cancelled')
      setNotice('The run was cancelled; nothing after the cancelled stage ran.')
    else if (r) setError(`The run ${r.status}: ${r.error ?? ''}`)
  }
  const best = elasticity?.models.find((m) => m.name === elasticity.best_model)
  const last = runs[0]
  return (
    <Box sx={{ p: 3, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="h5">Overview</Typography>
      {loaded && !sources.length && !job.running && (
        <FirstRun onImport={() => onGo('data')} onLoaded={() => void ds.reload()} />
      )}
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <KpiCard
          testId="kpi-elasticity"
          title="Best elasticity model"
          value={best ? MODEL_LABELS[best.name as ModelKind] : 'not trained'}
          detail={
            best
              ? `R² ${n(best.test_r2)} · RMSE ${n(best.rmse, 2)} · MAPE ${n(best.mape * 100, 1)}%`
              : 'Six models on the same folds'
          }
          minWidth={230}
          action={{ label: 'Open Elasticity →', onClick: () => onGo('elasticity') }}
        />
        {elasticity && <RecommendedKpi report={elasticity} />}
        <KpiCard
          testId="kpi-propensity"
          title="Propensity AUC"
          value={
            propensity
              ? propensity.targets
                  .map((t) => n(t.models.find((m) => m.name === t.best_model)?.auc, 2))
                  .join(' · ')
              : 'not trained'
          }
          detail={
            propensity
              ? `${propensity.targets.map((t) => t.target).join(' · ')}; cutoff ${propensity.cutoff}, leak-free`
              : ds.edtech
                ? 'Enrollment, churn, completion, upsell'
                : 'Not computed for this dataset'
          }
          minWidth={230}
          action={{ label: 'Open Propensity →', onClick: () => onGo('propensity') }}
        />
        <KpiCard
          testId="kpi-uplift"
          title="Portfolio revenue uplift"
          value={
            pricing
              ? `${pricing.portfolio.uplift_pct >= 0 ? '+' : ''}${pricing.portfolio.uplift_pct.toFixed(2)}%`
              : 'not optimized'
          }
          detail={
            pricing?.portfolio.uplift_interval
              ? `interval ${pricing.portfolio.uplift_interval.low.toFixed(1)}% to ${pricing.portfolio.uplift_interval.high.toFixed(1)}%`
              : 'Guardrailed optimizer'
          }
          minWidth={230}
          action={{ label: 'Open Pricing →', onClick: () => onGo('pricing') }}
        />
        <KpiCard
          testId="kpi-last-run"
          title="Last study run"
          value={last ? `${last.started_at.slice(0, 16).replace('T', ' ')}` : 'never'}
          detail={
            last
              ? `${last.status}${last.finished_at ? ` in ${((Date.parse(last.finished_at) - Date.parse(last.started_at)) / 1000).toFixed(0)} s` : ''}`
              : 'Run the whole study below'
          }
          minWidth={230}
          action={{ label: 'Open Experiments →', onClick: () => onGo('experiments') }}
        />
      </Box>
      <Card>
        <CardContent sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
          <TextField
            size="small"
            label="Study name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            sx={{ width: 260 }}
          />
          <TextField
            select
            size="small"
            label="Data"
            value={source}
            onChange={(e) => setSource(e.target.value)}
            sx={{ width: 280 }}
            disabled={!sources.length}
          >
            {sources.map((x) => (
              <MenuItem key={x.id} value={x.id}>
                {x.label} ({x.rows.toLocaleString()} rows)
              </MenuItem>
            ))}
          </TextField>
          <FormControlLabel
            control={
              <Checkbox checked={withPropensity} onChange={(e) => setWithPropensity(e.target.checked)} />
            }
            label="Propensity models"
          />
          <FormControlLabel
            control={
              <Checkbox checked={withExperiment} onChange={(e) => setWithExperiment(e.target.checked)} />
            }
            label="A/B plan"
          />
          <Button variant="contained" onClick={run} disabled={job.running || !name.trim() || !sources.length}>
            Run the study
          </Button>
          {loaded && !sources.length && (
            <Typography variant="body2" color="warning.main" data-testid="study-disabled-reason">
              {NO_DATA_REASON}
            </Typography>
          )}
          <Typography variant="caption" color="text.secondary" sx={{ flexBasis: '100%' }}>
            Data quality → features → six elasticity models → propensity → price optimization with the saved
            guardrails → A/B plan for the recommended prices → report (HTML, JSON, CSVs).
          </Typography>
        </CardContent>
        {job.running && (
          <Box sx={{ px: 2, pb: 2 }}>
            <JobProgress percent={job.percent} message={job.message} onCancel={job.cancel} />
          </Box>
        )}
      </Card>
      {notice && (
        <Alert severity="info" data-testid="study-notice">
          {notice}
        </Alert>
      )}
      {(error || job.error) && (
        <Alert
          severity={job.error instanceof ApiError && job.error.body.code === 'cancelled' ? 'info' : 'error'}
        >
          {error ?? job.error?.message}
        </Alert>
      )}
      <Card>
        <CardContent>
          <Typography variant="subtitle1" gutterBottom>
            Study runs
          </Typography>
          {!runs.length ? (
            <Typography variant="body2" color="text.secondary">
              No run yet.
            </Typography>
          ) : (
            <>
              <TableContainer>
                <Table size="small" data-testid="runs-table">
                  <HeaderRow
                    labels={['Run', 'Study', 'Started', 'Status', 'Best model', 'R²', 'AUC', 'Uplift', '']}
                    left={['Run', 'Study', 'Started', 'Status', 'Best model', 'AUC', '']}
                  />
                  <TableBody>
                    {runs.map((r) => (
                      <TableRow key={r.run_id}>
                        <TableCell>{r.run_id}</TableCell>
                        <TableCell>{r.name}</TableCell>
                        <TableCell>{r.started_at.slice(0, 19).replace('T', ' ')}</TableCell>
                        <TableCell>
                          <Chip
                            size="small"
                            color={
                              r.status === 'ok'
                                ? 'success'
                                : r.status === 'running'
                                  ? 'info'
                                  : r.status === 'cancelled'
                                    ? 'default'
                                    : 'error'
                            }
                            label={r.status}
                            title={r.error ?? undefined}
                          />
                        </TableCell>
                        <TableCell>{r.metrics.best_model ?? '—'}</TableCell>
                        <TableCell align="right">{n(r.metrics.test_r2)}</TableCell>
                        <TableCell>
                          {Object.entries(r.metrics.auc)
                            .map(([t, a]) => `${t} ${a.toFixed(2)}`)
                            .join(', ') || '—'}
                        </TableCell>
                        <TableCell align="right">
                          {r.metrics.uplift_pct === null ? '—' : `${r.metrics.uplift_pct.toFixed(2)}%`}
                        </TableCell>
                        <TableCell>
                          <Button size="small" disabled={r.status !== 'ok'} onClick={() => setOpen(r.run_id)}>
                            Report
                          </Button>
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </TableContainer>
              {runs.filter((r) => r.status === 'ok').length > 1 && (
                <Box data-testid="drift-chart" sx={{ mt: 2 }}>
                  <Typography variant="subtitle2">Model monitoring: R² and AUC across runs</Typography>
                  <EChart
                    option={driftChart(runs, theme)}
                    height={240}
                    label="R² and AUC across study runs"
                  />
                </Box>
              )}
            </>
          )}
        </CardContent>
      </Card>
      {open !== null && <ReportDialog runId={open} onClose={() => setOpen(null)} />}
    </Box>
  )
}
