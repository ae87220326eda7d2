import { useCallback, useEffect, useState } from 'react'
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  LinearProgress,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableRow,
  TextField,
  Typography
} from '@mui/material'
import { useTheme } from '@mui/material/styles'
import type { PricingRun, PricingSettings } from '../../../../shared/pricing'
import type { RunSummary } from '../../../../shared/elasticity'
import { MODEL_LABELS, type ModelKind } from '../../../../shared/elasticity'
import { usePriceLab } from '../../api/ClientContext'
import { HeaderRow } from '../../components/HeaderRow'
import { KpiCard } from '../../components/KpiCard'
import { EChart } from '../../components/EChart'
import { SettingsForm } from './SettingsForm'
import { PriceTable } from './PriceTable'
import { ScenarioPanel } from './ScenarioPanel'
import { WinnersLosers } from './WinnersLosers'
import { BundlePanel } from './BundlePanel'
import { cornerChart, categoryWaterfall, strategyChart } from './charts'
import { int, signedPct as signed } from '../../format'
import type { ElasticitySource } from '../../../../shared/api'
import type { ElasticityReport } from '../../../../shared/elasticity'
import type { DemandKind } from '../../../../shared/pricing'
import { useJob } from '../../api/useJob'
import { describeUnit } from '../../../../shared/pricing'
import { JobProgress } from '../../components/JobProgress'
import { JobAlert } from '../../components/JobCard'
import { useDataset } from '../../data/DatasetContext'
import { FormValidityScope, InvalidReason, useFormValidity } from '../../components/FormValidity'
import { StaleNotice } from '../../components/StaleNotice'
import { RulesCard } from './RulesCard'
import { explainIssues } from '../../components/number-rules'
import { pricingRules } from './settings-rules'
import { bindingLabel, segmentWord } from './wording'

/** The EdTech sample's dataset id (its quantities are enrollments, its prices tokens). */
const isSample = (dataset: string) => dataset.startsWith('sample:')

/** Pricing: model and objective, guardrails, the optimizer with its reasoning, strategies compared, scenarios, export. */
export function PricingPage({
  onGoToData
}: {
  /** With no data at all, the next step is the Data page (sample or import), not Elasticity. */
  onGoToData: () => void
}) {
  const { client, project } = usePriceLab()
  const theme = useTheme()
  const [settings, setSettings] = useState<PricingSettings | null>(null)
  // Profit first: until an objective is picked, margin wherever the data has a cost.
  const [objectiveAuto, setObjectiveAuto] = useState(true)
  const [runs, setRuns] = useState<RunSummary[] | null>(null)
  // The app bar's dataset: the page prices it and shows only its price sheet.
  const ds = useDataset()
  const sources: ElasticitySource[] = ds.sources
  const dataset = ds.dataset
  const setDataset = ds.setDataset
  const [latestRun, setLatestRun] = useState<PricingRun | null>(null)
  const [model, setModel] = useState<ModelKind | 'best'>('best')
  const [models, setModels] = useState<ModelKind[]>([])
  const [run, setRun] = useState<PricingRun | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const job = useJob<ElasticityReport>()
  const validity = useFormValidity()
  // The settings the shown run was computed with (this page's runs), and whether the last attempt failed.
  const [ranWith, setRanWith] = useState<{ runId: number | null; key: unknown } | null>(null)
  const [failed, setFailed] = useState(false)
  const segment = segmentWord(ds.current?.segment ?? null, isSample(dataset))

  const load = useCallback(async () => {
    const [s, r, latest] = await Promise.all([
      client.call('pricing:settings', {}),
      client.call('elasticity:runs', {}),
      client.call('pricing:run', {})
    ])
    setSettings(s)
    setRuns(r)
    setLatestRun(latest)
  }, [client])
  // The models offered are those of the dataset's latest elasticity run; the sheet shown is the dataset's.
  useEffect(() => {
    setRun(latestRun && latestRun.dataset === dataset ? latestRun : null)
    const mine = (runs ?? []).find((x) => x.dataset === dataset)
    if (!mine) return setModels([])
    let live = true
    client
      .call('elasticity:run', { runId: mine.run_id })
      .then((er) => live && setModels(er?.models.map((m) => m.name) ?? []))
      .catch((e: Error) => setError(e.message))
    return () => {
      live = false
    }
  }, [client, dataset, runs, latestRun])
  useEffect(() => {
    if (project) load().catch((e: Error) => setError(e.message))
  }, [project, load])

  /** The dataset's latest elasticity run, or none yet (then optimizing trains one first). */
  const runOf = (ds: string) =>
    (runs ?? []).filter((r) => r.dataset === ds).sort((a, b) => b.run_id - a.run_id)[0] ?? null
  const needsTraining = !!dataset && !runOf(dataset)

  /** One step: train the dataset's models where it has none, then optimize on its latest run. */
  const optimize = async () => {
    if (!settings || !validity.valid) return
    setError(null)
    let runId = dataset ? runOf(dataset)?.run_id : undefined
    if (dataset && runId === undefined) {
      const r = await job.start((jobId) => client.call('elasticity:train', { jobId, dataset }))
      if (!r?.run_id) return setFailed(true)
      runId = r.run_id
      setRuns(await client.call('elasticity:runs', {}))
      setModels(r.models.map((m) => m.name))
    }
    setBusy(true)
    try {
      const done = await client.call('pricing:optimize', {
        runId,
        settings,
        model: model === 'best' ? undefined : model,
        objectiveFromCosts: objectiveAuto
      })
      setRanWith({ runId: done.run_id, key: { settings: done.settings, model } })
      // The objective the data chose is shown in the form as the settings of the sheet.
      setSettings(done.settings)
      setFailed(false)
      setLatestRun(done)
      setRun(done)
    } catch (e) {
      // A refusal about a field is said in the field's terms (percent, label), as the form says it.
      setError(explainIssues(e, fieldRules))
      setFailed(true)
    } finally {
      setBusy(false)
    }
  }
  const exportSheet = async () => {
    try {
      const f = await client.call('pricing:export', { bom: true })
      await client.saveFile(f.fileId, f.name)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const exportWorkbook = async () => {
    try {
      const f = await client.call('pricing:exportWorkbook', {})
      await client.saveFile(f.fileId, f.name)
    } catch (e) {
      setError((e as Error).message)
    }
  }

  const fieldRules = pricingRules({
    segment,
    priceUnit: run?.unit?.kind === 'tokens' ? 'tokens' : '',
    quantity: isSample(dataset) ? 'enrollments' : 'quantity'
  })
  // A run from before this visit (or the study's) was computed with its own saved settings and the default model.
  const computedWith = run
    ? ranWith && ranWith.runId === run.run_id
      ? ranWith.key
      : { settings: run.settings, model: 'best' }
    : undefined

  if (runs && !runs.length && !sources.length)
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
  const p = run?.portfolio
  // Runs saved before units existed are the EdTech sample's, in tokens.
  const sample = run ? isSample(run.dataset) : isSample(dataset)
  const unitLabel = run?.unit?.label ?? 'tokens'
  const unitText = run?.unit ? describeUnit(run.unit) : 'tokens'
  const per = sample ? 'week' : 'period'
  // The headline is in the objective's terms: margin when the sheet maximized margin.
  const objectiveName = run?.settings.objective === 'margin' ? 'Margin' : 'Revenue'
  const objectiveInterval = p?.objective_interval !== undefined ? p.objective_interval : p?.uplift_interval
  return (
    <Box sx={{ p: 3, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="h5">Pricing</Typography>
      <Card>
        <CardContent>
          <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', mb: 2, flexWrap: 'wrap' }}>
            <TextField
              select
              size="small"
              label="Dataset"
              value={dataset}
              onChange={(e) => setDataset(e.target.value)}
              sx={{ width: 240 }}
              slotProps={{ htmlInput: { 'data-testid': 'pricing-dataset' } }}
            >
              {sources.map((x) => (
                <MenuItem key={x.id} value={x.id}>
                  {x.label}
                </MenuItem>
              ))}
            </TextField>
            {settings && (
              <TextField
                select
                size="small"
                label="Demand curve"
                value={settings.demand}
                onChange={(e) => setSettings({ ...settings, demand: e.target.value as DemandKind })}
                sx={{ width: 300 }}
              >
                <MenuItem value="causal">Causal: model level × (p/p₀)^ε</MenuItem>
                <MenuItem value="model">The model&apos;s own curve</MenuItem>
              </TextField>
            )}
            <TextField
              select
              size="small"
              label={settings?.demand === 'model' ? 'Demand model' : 'Baseline model'}
              value={model}
              onChange={(e) => setModel(e.target.value as ModelKind | 'best')}
              sx={{ width: 220 }}
            >
              <MenuItem value="best">Best of the latest run</MenuItem>
              {models.map((m) => (
                <MenuItem key={m} value={m}>
                  {MODEL_LABELS[m]}
                </MenuItem>
              ))}
            </TextField>
            <Button
              variant="contained"
              onClick={optimize}
              disabled={busy || job.running || !settings || !validity.valid}
              data-testid="optimize"
            >
              {needsTraining ? 'Train models and optimize' : 'Optimize prices'}
            </Button>
            <Button variant="outlined" onClick={exportSheet} disabled={!run || !!run.refused}>
              Export price sheet
            </Button>
            <Button
              variant="outlined"
              onClick={exportWorkbook}
              disabled={!run || !!run.refused}
              data-testid="export-workbook"
            >
              Export workbook
            </Button>
          </Box>
          {needsTraining && !job.running && (
            <Alert severity="info" sx={{ mb: 2 }}>
              {dataset} has no trained demand models yet: optimizing trains them first (as on the Elasticity
              page, default settings).
            </Alert>
          )}
          {job.running && <JobProgress percent={job.percent} message={job.message} onCancel={job.cancel} />}
          <JobAlert error={job.error} />
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
      {run && p && (
        <StaleNotice
          computedWith={computedWith}
          current={{ settings, model }}
          failed={failed}
          onRerun={optimize}
          rerunLabel="Optimize again"
          rerunDisabled={busy || job.running || !validity.valid}
        >
          {run.refused && (
            <Alert severity="error" data-testid="pricing-refused">
              <b>Price sheet refused</b>: {run.refused}
            </Alert>
          )}
          {run.corner && (
            <Alert severity="warning" data-testid="pricing-corner">
              {run.corner.reason}
              {run.corner_curve && (
                <Box data-testid="chart-corner" sx={{ width: 420, maxWidth: '100%', mt: 1 }}>
                  <EChart
                    option={cornerChart(
                      run.corner_curve,
                      theme,
                      run.settings.objective,
                      run.corner.guardrail
                    )}
                    height={160}
                    label={`${objectiveName} change against the ${run.corner.guardrail.replace(/_/g, ' ')}`}
                  />
                </Box>
              )}
            </Alert>
          )}
          {run.uncertain && (
            <Alert severity="warning" data-testid="pricing-uncertain">
              <b>Uncertain</b>: the uplift interval includes a loss against today&apos;s prices. Read the
              interval before acting on these prices.
            </Alert>
          )}
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
            <KpiCard
              title={`Revenue per ${per}, today (${unitLabel})`}
              value={int(p.current_revenue)}
              detail={`${int(p.items)} items, prices in ${unitText}`}
            />
            <KpiCard
              title={`Optimized revenue per ${per}`}
              value={int(p.optimized_revenue)}
              detail={
                p.revenue_interval
                  ? `90% range ${int(p.revenue_interval.low)} – ${int(p.revenue_interval.high)}`
                  : 'no interval for this model'
              }
              testId="kpi-optimized"
            />
            <KpiCard
              title={`${objectiveName} change${run.uncertain ? ' (uncertain)' : ''}`}
              value={signed(p.objective_change_pct ?? p.uplift_pct, 2)}
              detail={
                objectiveInterval
                  ? `${signed(objectiveInterval.low)} to ${signed(objectiveInterval.high)}`
                  : undefined
              }
              testId="kpi-uplift"
            />
            <KpiCard
              title={sample ? 'Enrollments per week' : `Quantity per ${per}`}
              value={`${int(p.current_enrollments)} → ${int(p.optimized_enrollments)}`}
              detail={`${int(p.items_up)} up, ${int(p.items_down)} down, ${int(p.items - p.items_changed)} unchanged`}
            />
            <KpiCard
              title={`Margin per ${per}`}
              value={
                p.current_margin !== null && p.optimized_margin !== null
                  ? `${int(p.current_margin)} → ${int(p.optimized_margin)}`
                  : 'no cost'
              }
              detail={
                p.margin_change_pct !== undefined && p.margin_change_pct !== null
                  ? `${signed(p.margin_change_pct, 2)}${p.margin_change_interval ? ` (${signed(p.margin_change_interval.low)} to ${signed(p.margin_change_interval.high)})` : ''}`
                  : 'map a cost column or set a cost share to price for margin'
              }
              testId="kpi-margin"
            />
            {run.true_revenue_share_of_optimum !== null && (
              <KpiCard
                title="Sample truth: share of true optimum"
                value={`${(run.true_revenue_share_of_optimum * 100).toFixed(1)}%`}
                detail={`true change ${signed(run.true_uplift_pct, 2)}${run.true_items_below_today != null ? `; ${int(run.true_items_below_today)} items truly below today` : ''}${
                  // The reference is the same search run on the true curves, not an exhaustive one: a
                  // sheet can land slightly above it, which is said rather than shown as an impossible share.
                  run.true_revenue_share_of_optimum > 1
                    ? '; above 100 %: beats the optimizer run on the true curves (a search, not exhaustive)'
                    : ''
                }`}
                testId="kpi-truth"
              />
            )}
          </Box>
          <Typography variant="body2" color="text.secondary" data-testid="pricing-demand">
            Demand: {run.demand_label ?? `${MODEL_LABELS[run.model as ModelKind] ?? run.model} model`}{' '}
            (elasticity run {run.elasticity_run_id}), objective {run.settings.objective}
            {run.settings.min_volume_share !== null
              ? `, ${sample ? 'enrollments' : 'quantity'} ≥ ${(run.settings.min_volume_share * 100).toFixed(0)}% of today`
              : ''}
            ; {(run.ms / 1000).toFixed(2)} s. Bound by:{' '}
            {Object.entries(p.guardrail_hits).map(([k, v]) => (
              <Chip key={k} size="small" label={`${bindingLabel(k, segment)} ${int(v)}`} sx={{ mr: 0.5 }} />
            ))}
            {p.out_of_range > 0 && (
              <Chip size="small" color="warning" label={`${int(p.out_of_range)} outside observed prices`} />
            )}
          </Typography>
          {run.warnings.map((w) => (
            <Alert key={w} severity="warning">
              {w}
            </Alert>
          ))}
          <RulesCard share={run.true_revenue_share_of_optimum} rules={run.rules} />
          <Card>
            <CardContent>
              <Typography variant="subtitle1" gutterBottom>
                Strategies and optimizer on the same catalog
              </Typography>
              <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
                {/* Never narrower than its columns: the chart wraps below instead of "Clamped" being cut off. */}
                <TableContainer sx={{ flex: '2 1 680px', minWidth: 'max-content' }}>
                  <Table size="small" data-testid="strategy-table">
                    <HeaderRow
                      labels={[
                        'Strategy',
                        `Revenue/${sample ? 'wk' : 'period'}`,
                        `${objectiveName} change %`,
                        `Margin/${sample ? 'wk' : 'period'}`,
                        sample ? 'Enrollments/wk' : 'Quantity/period',
                        'Items changed',
                        'Clamped'
                      ]}
                      left={['Strategy']}
                    />
                    <TableBody>
                      {run.comparison.map((c) => (
                        <TableRow key={c.strategy} selected={c.strategy === 'optimizer'}>
                          <TableCell>{c.strategy}</TableCell>
                          <TableCell align="right">{int(c.revenue)}</TableCell>
                          <TableCell align="right">
                            {signed(c.objective_change_pct ?? c.revenue_change_pct, 2)}
                          </TableCell>
                          <TableCell align="right">{int(c.margin)}</TableCell>
                          <TableCell align="right">{int(c.enrollments)}</TableCell>
                          <TableCell align="right">{int(c.items_changed)}</TableCell>
                          <TableCell align="right">{int(c.items_clamped)}</TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </TableContainer>
                <Box data-testid="chart-strategies" sx={{ flex: '1 1 360px', minWidth: 0 }}>
                  <EChart
                    option={strategyChart(run.comparison, theme, run.settings.objective)}
                    height={240}
                    label={`${objectiveName} change by strategy`}
                  />
                </Box>
              </Box>
              <Typography variant="subtitle2" sx={{ mt: 2 }}>
                Revenue change by {segment} (optimizer)
              </Typography>
              <Box data-testid="chart-categories">
                <EChart
                  option={categoryWaterfall(run.categories, theme, `${unitLabel} / ${per}`)}
                  height={260}
                  label={`Revenue change by ${segment}`}
                />
              </Box>
            </CardContent>
          </Card>
          <Card>
            <CardContent>
              <WinnersLosers
                rows={run.rows}
                decimals={run.unit?.decimals ?? null}
                per={sample ? 'wk' : 'period'}
              />
              <Typography variant="subtitle1" gutterBottom sx={{ mt: 2 }}>
                Recommended prices
              </Typography>
              <PriceTable
                rows={run.rows}
                sample={sample}
                segment={segment}
                decimals={run.unit?.decimals ?? null}
              />
            </CardContent>
          </Card>
        </StaleNotice>
      )}
      {run && (
        <Card>
          <CardContent>
            <Typography variant="subtitle1" gutterBottom>
              Bundle pricing
            </Typography>
            <BundlePanel unit={unitLabel} sample={sample} decimals={run.unit?.decimals ?? null} />
          </CardContent>
        </Card>
      )}
      <Card>
        <CardContent>
          <Typography variant="subtitle1" gutterBottom>
            Scenarios
          </Typography>
          <ScenarioPanel
            sample={sample}
            segment={segment}
            dataset={dataset || undefined}
            categories={[...new Set(run?.rows.map((r) => r.category) ?? [])].sort()}
          />
        </CardContent>
      </Card>
    </Box>
  )
}
