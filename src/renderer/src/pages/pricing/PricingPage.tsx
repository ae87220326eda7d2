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
import type { PricingRun, PricingSettings } from '../../../../core/pricing/store'
import type { RunSummary } from '../../../../core/elasticity/registry'
import { MODEL_LABELS, type ModelKind } from '../../../../core/elasticity/models'
import { usePriceLab } from '../../api/ClientContext'
import { HeaderRow } from '../../components/HeaderRow'
import { KpiCard } from '../../components/KpiCard'
import { EChart } from '../../components/EChart'
import { SettingsForm } from './SettingsForm'
import { PriceTable } from './PriceTable'
import { ScenarioPanel } from './ScenarioPanel'
import { WinnersLosers } from './WinnersLosers'
import { BundlePanel } from './BundlePanel'
import { categoryWaterfall, strategyChart } from './charts'
import { int, signedPct as signed } from '../../format'

/** Pricing: model and objective, guardrails, the optimizer with its reasoning, strategies compared, scenarios, export. */
export function PricingPage({ onGoToElasticity }: { onGoToElasticity: () => void }) {
  const { client, project } = usePriceLab()
  const theme = useTheme()
  const [settings, setSettings] = useState<PricingSettings | null>(null)
  const [runs, setRuns] = useState<RunSummary[] | null>(null)
  const [model, setModel] = useState<ModelKind | 'best'>('best')
  const [models, setModels] = useState<ModelKind[]>([])
  const [run, setRun] = useState<PricingRun | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    const [s, r, latest, er] = await Promise.all([
      client.call('pricing:settings', {}),
      client.call('elasticity:runs', {}),
      client.call('pricing:run', {}),
      client.call('elasticity:run', {})
    ])
    setSettings(s)
    setRuns(r)
    setRun(latest)
    setModels(er?.models.map((m) => m.name) ?? [])
  }, [client])
  useEffect(() => {
    if (project) load().catch((e: Error) => setError(e.message))
  }, [project, load])

  const optimize = async () => {
    if (!settings) return
    setBusy(true)
    setError(null)
    try {
      setRun(await client.call('pricing:optimize', { settings, model: model === 'best' ? undefined : model }))
    } catch (e) {
      setError((e as Error).message)
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

  if (runs && !runs.length)
    return (
      <Box sx={{ p: 3 }}>
        <Typography variant="h5" gutterBottom>
          Pricing
        </Typography>
        <Alert
          severity="info"
          action={
            <Button color="inherit" onClick={onGoToElasticity}>
              Go to Elasticity
            </Button>
          }
        >
          No trained demand model yet: the optimizer prices with a model from the Elasticity page. Train the
          models there first.
        </Alert>
      </Box>
    )
  const p = run?.portfolio
  return (
    <Box sx={{ p: 3, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="h5">Pricing</Typography>
      <Card>
        <CardContent>
          <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', mb: 2, flexWrap: 'wrap' }}>
            <TextField
              select
              size="small"
              label="Demand model"
              value={model}
              onChange={(e) => setModel(e.target.value as ModelKind | 'best')}
              sx={{ width: 240 }}
            >
              <MenuItem value="best">Best of the latest run</MenuItem>
              {models.map((m) => (
                <MenuItem key={m} value={m}>
                  {MODEL_LABELS[m]}
                </MenuItem>
              ))}
            </TextField>
            <Button variant="contained" onClick={optimize} disabled={busy || !settings}>
              Optimize prices
            </Button>
            <Button variant="outlined" onClick={exportSheet} disabled={!run}>
              Export price sheet
            </Button>
          </Box>
          {settings && <SettingsForm value={settings} onChange={setSettings} />}
        </CardContent>
        {busy && <LinearProgress />}
      </Card>
      {error && <Alert severity="error">{error}</Alert>}
      {run && p && (
        <>
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
            <KpiCard
              title="Revenue per week, today"
              value={int(p.current_revenue)}
              detail={`${p.items.toLocaleString()} items`}
            />
            <KpiCard
              title="Optimized revenue per week"
              value={int(p.optimized_revenue)}
              detail={
                p.revenue_interval
                  ? `90% range ${int(p.revenue_interval.low)} – ${int(p.revenue_interval.high)}`
                  : 'no interval for this model'
              }
              testId="kpi-optimized"
            />
            <KpiCard
              title="Uplift"
              value={signed(p.uplift_pct, 2)}
              detail={
                p.uplift_interval
                  ? `${signed(p.uplift_interval.low)} to ${signed(p.uplift_interval.high)}`
                  : undefined
              }
              testId="kpi-uplift"
            />
            <KpiCard
              title="Enrollments per week"
              value={`${int(p.current_enrollments)} → ${int(p.optimized_enrollments)}`}
              detail={`${p.items_up} up, ${p.items_down} down, ${p.items - p.items_changed} unchanged`}
            />
            {run.true_revenue_share_of_optimum !== null && (
              <KpiCard
                title="Sample truth: share of true optimum"
                value={`${(run.true_revenue_share_of_optimum * 100).toFixed(1)}%`}
                detail={`true change ${signed(run.true_uplift_pct, 2)}`}
                testId="kpi-truth"
              />
            )}
          </Box>
          <Typography variant="body2" color="text.secondary">
            {MODEL_LABELS[run.model as ModelKind] ?? run.model} from elasticity run {run.elasticity_run_id},
            objective {run.settings.objective}
            {run.settings.min_volume_share !== null
              ? `, enrollments ≥ ${(run.settings.min_volume_share * 100).toFixed(0)}% of today`
              : ''}
            ; {(run.ms / 1000).toFixed(2)} s. Bound by:{' '}
            {Object.entries(p.guardrail_hits).map(([k, v]) => (
              <Chip key={k} size="small" label={`${k.replace(/_/g, ' ')} ${v}`} sx={{ mr: 0.5 }} />
            ))}
            {p.out_of_range > 0 && (
              <Chip size="small" color="warning" label={`${p.out_of_range} outside observed prices`} />
            )}
          </Typography>
          {run.warnings.map((w) => (
            <Alert key={w} severity="warning">
              {w}
            </Alert>
          ))}
          <Card>
            <CardContent>
              <Typography variant="subtitle1" gutterBottom>
                Strategies and optimizer on the same catalog
              </Typography>
              <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
                <TableContainer sx={{ flex: '2 1 680px', minWidth: 0 }}>
                  <Table size="small" data-testid="strategy-table">
                    <HeaderRow
                      labels={[
                        'Strategy',
                        'Revenue/wk',
                        'Change %',
                        'Margin/wk',
                        'Enrollments/wk',
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
                          <TableCell align="right">{signed(c.revenue_change_pct, 2)}</TableCell>
                          <TableCell align="right">{int(c.margin)}</TableCell>
                          <TableCell align="right">{int(c.enrollments)}</TableCell>
                          <TableCell align="right">{c.items_changed.toLocaleString()}</TableCell>
                          <TableCell align="right">{c.items_clamped.toLocaleString()}</TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </TableContainer>
                <Box data-testid="chart-strategies" sx={{ flex: '1 1 360px', minWidth: 0 }}>
                  <EChart
                    option={strategyChart(run.comparison, theme)}
                    height={240}
                    label="Revenue change by strategy"
                  />
                </Box>
              </Box>
              <Typography variant="subtitle2" sx={{ mt: 2 }}>
                Revenue change by category (optimizer)
              </Typography>
              <Box data-testid="chart-categories">
                <EChart
                  option={categoryWaterfall(run.categories, theme)}
                  height={260}
                  label="Revenue change by category"
                />
              </Box>
            </CardContent>
          </Card>
          <Card>
            <CardContent>
              <WinnersLosers rows={run.rows} />
              <Typography variant="subtitle1" gutterBottom sx={{ mt: 2 }}>
                Recommended prices
              </Typography>
              <PriceTable rows={run.rows} />
            </CardContent>
          </Card>
        </>
      )}
      {run && (
        <Card>
          <CardContent>
            <Typography variant="subtitle1" gutterBottom>
              Bundle pricing
            </Typography>
            <BundlePanel />
          </CardContent>
        </Card>
      )}
      <Card>
        <CardContent>
          <Typography variant="subtitle1" gutterBottom>
            Scenarios
          </Typography>
          <ScenarioPanel categories={[...new Set(run?.rows.map((r) => r.category) ?? [])].sort()} />
        </CardContent>
      </Card>
    </Box>
  )
}
