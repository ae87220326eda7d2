import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
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
  Stack,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Tabs,
  TextField,
  Typography
} from '@mui/material'
import { alpha, useTheme } from '@mui/material/styles'
import type { ElasticitySource } from '../../../../shared/api'
import type { ElasticityReport } from '../../../../shared/elasticity'
import type { RunSummary } from '../../../../shared/elasticity'
import { MODEL_KINDS, MODEL_LABELS, type ModelKind } from '../../../../shared/elasticity'
import { usePriceLab } from '../../api/ClientContext'
import { useJob } from '../../api/useJob'
import { NO_DATA_REASON } from '../../components/FirstRun'
import { JobProgress } from '../../components/JobProgress'
import { HeaderRow } from '../../components/HeaderRow'
import { EChart } from '../../components/EChart'
import { CheckboxGroup } from '../../components/CheckboxGroup'
import { curveChart, importanceChart, predictedVsActual, residualChart, segmentChart } from './charts'
import { fixed as num } from '../../format'
import { RecommendedCard } from './RecommendedCard'
import { useDataset } from '../../data/DatasetContext'

/** Elasticity: train the six models in workers, compare them, and read naive vs debiased elasticities per segment. */
export function ElasticityPage() {
  const { client, project, dataVersion } = usePriceLab()
  const theme = useTheme()
  const job = useJob<ElasticityReport>('elasticity:train')
  // The dataset is the app's (the app bar's switcher): this page shows only its runs.
  const ds = useDataset()
  const sources: ElasticitySource[] = ds.sources
  const source = ds.dataset
  const setSource = ds.setDataset
  const sourceRef = useRef(source)
  // Declared before the loading effect, so loads started on a switch see the new dataset.
  useEffect(() => {
    sourceRef.current = source
  }, [source])
  const [models, setModels] = useState<ModelKind[]>([...MODEL_KINDS])
  const [seed, setSeed] = useState('42')
  // Debias within items (default on): unmeasured item traits cannot bias the estimate.
  const [within, setWithin] = useState<boolean | null>(null)
  // Validation: 'time' (last periods of every item; data without periods falls back to items); 'items' = new items.
  const [validation, setValidation] = useState<'time' | 'items'>('time')
  // null = every feature the data offers.
  const [features, setFeatures] = useState<string[] | null>(null)
  const available = sources.find((x) => x.id === source)?.controls ?? []
  const [runs, setRuns] = useState<RunSummary[]>([])
  const [report, setReport] = useState<ElasticityReport | null>(null)
  const [chosen, setChosen] = useState<ModelKind | null>(null)
  const [segment, setSegment] = useState('')
  const [view, setView] = useState<'segments' | 'fit' | 'curve' | 'importance'>('segments')
  const [error, setError] = useState<string | null>(null)

  const loadRuns = useCallback(
    async (runId?: number) => {
      const of = sourceRef.current
      const mine = (await client.call('elasticity:runs', {})).filter((x) => x.dataset === of)
      // The latest run of the current dataset, never the latest run of the project (another dataset's).
      const id = mine.some((x) => x.run_id === runId) ? runId : mine[0]?.run_id
      const r = id ? await client.call('elasticity:run', { runId: id }) : null
      if (sourceRef.current !== of) return // the analyst switched datasets meanwhile
      setRuns(mine)
      setReport(r)
      setChosen(r?.best_model ?? null)
      setSegment((s) => (r?.segments.some((x) => x.segment === s) ? s : (r?.segments[0]?.segment ?? '')))
    },
    [client]
  )

  useEffect(() => {
    if (!project) return
    setReport(null)
    setRuns([])
    loadRuns().catch((e: Error) => setError(e.message))
  }, [client, project, dataVersion, loadRuns, job.ended, source])
  // Features and the within-items choice belong to a dataset: a new dataset starts from its defaults.
  useEffect(() => {
    setFeatures(null)
    setWithin(null)
  }, [source])

  const train = async () => {
    setError(null)
    const r = await job.start((jobId) =>
      client.call('elasticity:train', {
        jobId,
        dataset: source || undefined,
        models,
        seed: Number(seed) || 0,
        withinItems: within ?? undefined,
        controls: features ?? undefined,
        validation
      })
    )
    if (r) await loadRuns(r.run_id ?? undefined)
  }
  const exportCsv = async (table: 'models' | 'segments') => {
    if (!report?.run_id) return
    try {
      const f = await client.call('elasticity:export', { runId: report.run_id, table, bom: true })
      await client.saveFile(f.fileId, f.name)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const model = useMemo(
    () => report?.models.find((m) => m.name === chosen) ?? report?.models[0] ?? null,
    [report, chosen]
  )

  return (
    <Box sx={{ p: 3, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="h5">Elasticity</Typography>
      <Card>
        <CardContent sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
          <TextField
            select
            size="small"
            label="Data"
            value={source}
            onChange={(e) => {
              setSource(e.target.value)
            }}
            sx={{ minWidth: 260 }}
          >
            {sources.map((s) => (
              <MenuItem key={s.id} value={s.id}>
                {s.label} · {s.rows.toLocaleString()} rows
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            size="small"
            label="Features besides price"
            value={features ?? available}
            onChange={(e) => {
              const v = e.target.value as unknown as string[]
              setFeatures(v.length === available.length ? null : v)
            }}
            slotProps={{
              select: {
                multiple: true,
                renderValue: (v) => `${(v as string[]).length} of ${available.length}`
              }
            }}
            sx={{ minWidth: 200 }}
          >
            {available.map((c) => (
              <MenuItem key={c} value={c}>
                <Checkbox size="small" checked={(features ?? available).includes(c)} />
                {c}
              </MenuItem>
            ))}
          </TextField>
          <Box sx={{ display: 'flex', flexWrap: 'wrap' }}>
            <CheckboxGroup options={MODEL_KINDS} labels={MODEL_LABELS} value={models} onChange={setModels} />
          </Box>
          <FormControlLabel
            control={
              <Checkbox size="small" checked={within ?? true} onChange={(e) => setWithin(e.target.checked)} />
            }
            label="Debias within items"
            title="Estimate the debiased elasticity from price changes within each item over time, so item traits you have not measured cannot bias it"
          />
          <TextField
            select
            size="small"
            label="Validate on"
            value={validation}
            onChange={(e) => setValidation(e.target.value as typeof validation)}
            sx={{ minWidth: 200 }}
            title="Later weeks of the same items (what a price change asks), or items the models never saw"
          >
            <MenuItem value="time">Last weeks of every item</MenuItem>
            <MenuItem value="items">New items (held-out items)</MenuItem>
          </TextField>
          <TextField
            size="small"
            label="Seed"
            value={seed}
            onChange={(e) => setSeed(e.target.value)}
            sx={{ width: 90 }}
          />
          <Button variant="contained" onClick={train} disabled={job.running || !source || !models.length}>
            Train models
          </Button>
          {!sources.length && !job.running && (
            <Typography variant="body2" color="warning.main" data-testid="train-disabled-reason">
              {NO_DATA_REASON}
            </Typography>
          )}
        </CardContent>
        {job.running && (
          <Box sx={{ px: 2, pb: 2 }}>
            <JobProgress percent={job.percent} message={job.message} onCancel={job.cancel} />
          </Box>
        )}
      </Card>
      {(error || job.error) && (
        <Alert severity={job.error?.message.includes('cancelled') ? 'info' : 'error'}>
          {error ?? job.error?.message}
        </Alert>
      )}
      {!report && !job.running && (
        <Alert severity="info">No model trained yet for this dataset: train the models.</Alert>
      )}
      {report && (
        <>
          <RecommendedCard report={report} />
          <Card>
            <CardContent>
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 1, flexWrap: 'wrap' }}>
                <Typography variant="h6" sx={{ flex: 1 }}>
                  Model comparison
                </Typography>
                <TextField
                  select
                  size="small"
                  label="Run"
                  value={report.run_id ?? ''}
                  onChange={(e) => void loadRuns(Number(e.target.value))}
                  sx={{ minWidth: 240 }}
                >
                  {runs.map((r) => (
                    <MenuItem key={r.run_id} value={r.run_id}>
                      Run {r.run_id} · {new Date(r.created_at).toLocaleString()} · best{' '}
                      {r.best_model ?? 'none'}
                    </MenuItem>
                  ))}
                </TextField>
                <Button size="small" onClick={() => exportCsv('models')}>
                  Export CSV
                </Button>
              </Box>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                {report.rows.toLocaleString()} rows, {report.items.toLocaleString()} items;{' '}
                {report.validation === 'time'
                  ? `tested on the last ${Math.round(report.plan.testShare * 100)}% of periods of every item, ${report.plan.folds}-fold cross-validation in blocks of time; every model knows each item's baseline`
                  : `tested on held-out items (new items, test ${Math.round(report.plan.testShare * 100)}%), ${report.plan.folds}-fold cross-validation by item`}
                ; best = lowest CV RMSE among models with test R² above 0. R² on log(quantity + 1), RMSE and
                MAPE on quantity. Elasticity: mean arc elasticity at ±5% price. Debiased: double machine
                learning{' '}
                {report.plan.withinItems ? 'on price changes within items' : 'with the measured controls'}.
                Trained in {(report.wall_ms / 1000).toFixed(1)} s.
              </Typography>
              <TableContainer>
                <Table size="small" data-testid="comparison-table">
                  <HeaderRow
                    labels={[
                      'Model',
                      'Test R²',
                      'RMSE',
                      'MAPE',
                      'CV RMSE',
                      'CV R²',
                      'Elasticity',
                      'At current prices (p10 … p90)',
                      'Train time'
                    ]}
                    left={['Model']}
                  />
                  <TableBody>
                    {report.models.map((m) => (
                      <TableRow
                        key={m.name}
                        hover
                        selected={m.name === model?.name}
                        onClick={() => setChosen(m.name)}
                        sx={{
                          cursor: 'pointer',
                          bgcolor:
                            m.name === report.best_model ? alpha(theme.palette.success.main, 0.08) : undefined
                        }}
                      >
                        <TableCell>
                          {m.label}{' '}
                          {m.name === report.best_model && (
                            <Chip size="small" color="success" label="best" sx={{ ml: 1 }} />
                          )}
                        </TableCell>
                        <TableCell align="right">{num(m.test_r2)}</TableCell>
                        <TableCell align="right">{num(m.rmse, 2)}</TableCell>
                        <TableCell align="right">{num(m.mape * 100, 1)}%</TableCell>
                        <TableCell align="right">{num(m.cv_rmse)}</TableCell>
                        <TableCell align="right">{num(m.cv_r2)}</TableCell>
                        <TableCell align="right">{num(m.elasticity, 2)}</TableCell>
                        <TableCell align="right">
                          {num(m.point_elasticity?.p10, 2)} … {num(m.point_elasticity?.p90, 2)}
                        </TableCell>
                        <TableCell align="right">{(m.train_ms / 1000).toFixed(1)} s</TableCell>
                      </TableRow>
                    ))}
                    {report.failed.map((f) => (
                      <TableRow key={f.name}>
                        <TableCell>{MODEL_LABELS[f.name]}</TableCell>
                        <TableCell colSpan={8} sx={{ color: 'error.main' }}>
                          failed: {f.error}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </TableContainer>
            </CardContent>
          </Card>
          {report.warnings.length > 0 && (
            <Alert severity="warning">
              {report.warnings.slice(0, 5).map((w) => (
                <div key={w}>{w}</div>
              ))}
            </Alert>
          )}
          <Card>
            <CardContent>
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
                <Tabs value={view} onChange={(_, v: typeof view) => setView(v)} sx={{ flex: 1 }}>
                  <Tab value="segments" label="Elasticity by segment" />
                  <Tab value="fit" label="Predicted vs actual" />
                  <Tab value="curve" label="Demand & revenue" />
                  <Tab value="importance" label="Feature importance" />
                </Tabs>
                {view !== 'segments' && model && <Chip label={model.label} />}
                {view === 'curve' && (
                  <TextField
                    select
                    size="small"
                    label={report.segment_column}
                    value={segment}
                    onChange={(e) => setSegment(e.target.value)}
                    sx={{ minWidth: 200 }}
                  >
                    {report.segments.map((s) => (
                      <MenuItem key={s.segment} value={s.segment}>
                        {s.segment}
                      </MenuItem>
                    ))}
                  </TextField>
                )}
                {view === 'segments' && (
                  <Button size="small" onClick={() => exportCsv('segments')}>
                    Export CSV
                  </Button>
                )}
              </Box>
              {view === 'segments' && (
                <Stack direction={{ xs: 'column', lg: 'row' }} spacing={2} sx={{ mt: 1 }}>
                  <Box sx={{ flex: 1, minWidth: 0 }} data-testid="segment-chart">
                    <EChart
                      option={segmentChart(report, theme)}
                      height={Math.max(280, 34 * report.segments.length + 80)}
                      label="Elasticity by segment"
                    />
                  </Box>
                  <TableContainer sx={{ flex: 1 }}>
                    <Table size="small" data-testid="segment-table">
                      <TableHead>
                        <TableRow>
                          <TableCell sx={{ fontWeight: 600 }}>{report.segment_column}</TableCell>
                          <TableCell align="right" sx={{ fontWeight: 600 }}>
                            Recommended [90%]
                          </TableCell>
                          <TableCell align="right" sx={{ fontWeight: 600 }}>
                            Best model [90%]
                          </TableCell>
                          <TableCell align="right" sx={{ fontWeight: 600 }}>
                            Debiased [90%]
                          </TableCell>
                          {report.segments.some((s) => s.true !== null) && (
                            <TableCell align="right" sx={{ fontWeight: 600 }}>
                              True
                            </TableCell>
                          )}
                        </TableRow>
                      </TableHead>
                      <TableBody>
                        {report.segments.map((s) => (
                          <TableRow key={s.segment} title={s.warning ?? undefined}>
                            <TableCell>
                              {s.segment} {s.warning && <Chip size="small" color="warning" label="!" />}
                            </TableCell>
                            <TableCell align="right" sx={{ fontWeight: 600 }} title={s.recommended_reason}>
                              {num(s.recommended ?? null, 2)} [{num(s.recommended_ci_low ?? null, 2)},{' '}
                              {num(s.recommended_ci_high ?? null, 2)}]
                            </TableCell>
                            <TableCell align="right">
                              {num(s.elasticity, 2)} [{num(s.ci_low, 2)}, {num(s.ci_high, 2)}]
                            </TableCell>
                            <TableCell align="right">
                              {num(s.debiased, 2)} [{num(s.debiased_ci_low, 2)}, {num(s.debiased_ci_high, 2)}]
                            </TableCell>
                            {s.true !== null && <TableCell align="right">{num(s.true, 2)}</TableCell>}
                          </TableRow>
                        ))}
                      </TableBody>
                    </Table>
                  </TableContainer>
                </Stack>
              )}
              {view === 'fit' && model && (
                <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mt: 1 }}>
                  <Box sx={{ flex: 1 }}>
                    <EChart
                      option={predictedVsActual(model, theme)}
                      height={340}
                      label="Predicted vs actual"
                    />
                  </Box>
                  <Box sx={{ flex: 1 }}>
                    <EChart option={residualChart(model, theme)} height={340} label="Residuals" />
                  </Box>
                </Stack>
              )}
              {view === 'curve' && model && (
                <EChart
                  option={curveChart(model, segment, theme)}
                  height={360}
                  label="Demand and revenue curve"
                />
              )}
              {view === 'importance' && model && (
                <EChart option={importanceChart(model, theme)} height={320} label="Permutation importance" />
              )}
            </CardContent>
          </Card>
        </>
      )}
    </Box>
  )
}
