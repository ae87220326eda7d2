import { useCallback, useEffect, useState } from 'react'
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
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
import type { PropensityRun } from '../../../../shared/propensity'
import type { SegmentRow } from '../../../../shared/propensity'
import type { ProfitPoint } from '../../../../shared/propensity'
import type { OfferSummary } from '../../../../shared/propensity'
import { TARGETS, type Target } from '../../../../shared/propensity'
import { usePriceLab } from '../../api/ClientContext'
import { useJob } from '../../api/useJob'
import { JobProgress } from '../../components/JobProgress'
import { HeaderRow } from '../../components/HeaderRow'
import { EChart } from '../../components/EChart'
import { CheckboxGroup } from '../../components/CheckboxGroup'
import { LearnerLookup } from './LearnerLookup'
import { BandEditor } from './BandEditor'
import { fixed as num } from '../../format'
import { CustomerPropensity, SourceSwitch, type Source } from './CustomerPropensity'
import { calibrationChart, ChartGrid, gainChart, rocChart, segmentChart } from './charts'

const LABELS: Record<Target, string> = {
  enrollment: 'Enrollment (next 30 days)',
  churn: 'Churn (no activity in 60 days)',
  completion: 'Completion (of an enrollment)',
  upsell: 'Upsell (a dearer course in 60 days)'
}

/** Propensity: leak-free models for enrollment, churn and upsell, compared with the rule baseline; scored learners. */
export function PropensityPage() {
  const { client, project } = usePriceLab()
  const theme = useTheme()
  const job = useJob<PropensityRun>()
  const [run, setRun] = useState<PropensityRun | null>(null)
  const [targets, setTargets] = useState<Target[]>([...TARGETS])
  const [cutoff, setCutoff] = useState('')
  const [tab, setTab] = useState<Target>('churn')
  const [error, setError] = useState<string | null>(null)
  const [source, setSource] = useState<Source>('learners')
  const [segments, setSegments] = useState<SegmentRow[] | null>(null)
  const [policy, setPolicy] = useState({
    referencePrice: '',
    maxDiscountPct: '30',
    minPrice: '10',
    sensitivityExtraPct: '5'
  })
  const [offers, setOffers] = useState<{ reference_price: number; segments: OfferSummary[] } | null>(null)
  const [offerCost, setOfferCost] = useState('10')
  const [retainedValue, setRetainedValue] = useState('60')
  const [profit, setProfit] = useState<{
    target: Target
    best: ProfitPoint
    curve: ProfitPoint[]
    test_learners: number
  } | null>(null)

  const load = useCallback(async () => {
    const r = await client.call('propensity:run', {})
    setRun(r)
    if (r && !r.targets.some((t) => t.target === tab)) setTab(r.targets[0].target)
  }, [client, tab])
  useEffect(() => {
    if (project) load().catch((e: Error) => setError(e.message))
  }, [project, load])
  useEffect(() => {
    // A project of the analyst's own data (no sample learners) opens on its customer tables.
    if (project)
      client
        .call('data:tables', {})
        .then((ts) => {
          if (!ts.some((x) => x.name === 'learners' && x.rows > 0)) setSource('customers')
        })
        .catch((e: Error) => setError(e.message))
  }, [client, project])

  const train = async () => {
    setError(null)
    const r = await job.start((jobId) =>
      client.call('propensity:train', { jobId, targets, cutoff: cutoff || undefined })
    )
    if (r) {
      setRun(r)
      setTab(r.targets.some((t) => t.target === tab) ? tab : r.targets[0].target)
    }
  }
  const exportCsv = async () => {
    try {
      const f = await client.call('propensity:export', { bom: true })
      await client.saveFile(f.fileId, f.name)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const t = run?.targets.find((x) => x.target === tab) ?? run?.targets[0] ?? null
  const hasEnrollment = !!run?.targets.some((x) => x.target === 'enrollment')
  useEffect(() => {
    if (!hasEnrollment) return setSegments(null)
    client
      .call('propensity:segments', {})
      .then(setSegments)
      .catch((e: Error) => {
        setSegments(null)
        setError(e.message)
      })
  }, [client, run, hasEnrollment])
  const findThreshold = async (target: Target) => {
    try {
      const r = await client.call('propensity:threshold', {
        target,
        offerCost: Number(offerCost),
        retainedValue: Number(retainedValue)
      })
      setProfit({ target, ...r })
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const priceOffers = async (download: boolean) => {
    try {
      const r = await client.call('propensity:offers', {
        referencePrice: policy.referencePrice ? Number(policy.referencePrice) : undefined,
        maxDiscountPct: Number(policy.maxDiscountPct),
        minPrice: Number(policy.minPrice),
        sensitivityExtraPct: Number(policy.sensitivityExtraPct),
        export: download
      })
      setOffers(r)
      if (r.file) await client.saveFile(r.file.fileId, r.file.name)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const editDiscount = async (segment: string, pct: number) => {
    if (!segments || !(pct >= 0 && pct <= 100)) return
    const rules = segments.map(({ segment: s, discount_pct, contact, channel, offer }) => ({
      segment: s,
      discount_pct: s === segment ? pct : discount_pct,
      contact,
      channel,
      offer
    }))
    setSegments(await client.call('propensity:segments', { rules }))
  }

  if (source === 'customers') return <CustomerPropensity source={source} onSource={setSource} />
  return (
    <Box sx={{ p: 3, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="h5">Propensity</Typography>
      <SourceSwitch value={source} onChange={setSource} />
      <Card>
        <CardContent sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
          <CheckboxGroup options={TARGETS} labels={LABELS} value={targets} onChange={setTargets} />
          <TextField
            size="small"
            label="Cutoff (YYYY-MM-DD)"
            placeholder="60 days before the end"
            value={cutoff}
            onChange={(e) => setCutoff(e.target.value)}
            sx={{ width: 200 }}
          />
          <Button variant="contained" onClick={train} disabled={job.running || !targets.length}>
            Train models
          </Button>
          <Button variant="outlined" onClick={exportCsv} disabled={!run}>
            Export scored learners
          </Button>
        </CardContent>
        {job.running && (
          <Box sx={{ px: 2, pb: 2 }}>
            <JobProgress percent={job.percent} message={job.message} onCancel={job.cancel} />
          </Box>
        )}
      </Card>
      {(error || job.error) && <Alert severity="error">{error ?? job.error?.message}</Alert>}
      {!run && !job.running && (
        <Alert severity="info">
          No propensity model trained yet for this project: choose the scores and train.
        </Alert>
      )}
      {run && t && (
        <Card>
          <CardContent>
            <Tabs value={t.target} onChange={(_, v: Target) => setTab(v)} sx={{ mb: 1 }}>
              {run.targets.map((x) => (
                <Tab key={x.target} value={x.target} label={LABELS[x.target]} />
              ))}
            </Tabs>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              Features as of {t.cutoff} from data before it; labels from the {t.window_days} days after it;{' '}
              {t.learners.toLocaleString()} {t.population}, {(t.positive_rate * 100).toFixed(1)}% positive.
              Split by learner (25% test); best = highest cross-validated AUC. Scores for today are as of{' '}
              {run.scored_as_of}.
            </Typography>
            <TableContainer>
              <Table size="small" data-testid="propensity-table">
                <HeaderRow
                  labels={[
                    'Model',
                    'AUC',
                    'CV AUC',
                    'PR-AUC',
                    'F1',
                    'at threshold',
                    'Precision ≥ 0.7',
                    'Precision top 30%',
                    'Brier',
                    'Train time'
                  ]}
                  left={['Model']}
                />
                <TableBody>
                  {[...t.models, t.baseline].map((m) => (
                    <TableRow
                      key={m.name}
                      sx={{
                        bgcolor: m.name === t.best_model ? alpha(theme.palette.success.main, 0.08) : undefined
                      }}
                    >
                      <TableCell>
                        {m.name === 'rules'
                          ? 'Rule-based score (seed weights)'
                          : m.name === 'logistic'
                            ? 'Logistic regression'
                            : m.name === 'rf'
                              ? 'Random forest'
                              : 'Gradient boosting'}
                        {m.name === t.best_model && (
                          <Chip size="small" color="success" label="best" sx={{ ml: 1 }} />
                        )}
                      </TableCell>
                      <TableCell align="right">{num(m.auc)}</TableCell>
                      <TableCell align="right">{num(m.cv_auc)}</TableCell>
                      <TableCell align="right">{num(m.pr_auc)}</TableCell>
                      <TableCell align="right">{num(m.f1)}</TableCell>
                      <TableCell align="right">{num(m.threshold, 2)}</TableCell>
                      <TableCell align="right">{num(m.precision_at_70)}</TableCell>
                      <TableCell align="right">{num(m.precision_top_30)}</TableCell>
                      <TableCell align="right">{num(m.brier)}</TableCell>
                      <TableCell align="right">
                        {m.name === 'rules' ? '—' : `${(m.train_ms / 1000).toFixed(1)} s`}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
            <ChartGrid
              charts={[
                ['ROC curve (test learners)', rocChart(t, theme)],
                ['Calibration', calibrationChart(t, theme)],
                ['Lift and gain by decile', gainChart(t, theme)],
                [
                  `Segments today (${(run.bands ?? []).map((b) => (b.min > 0 ? `${b.name} ≥ ${b.min}` : b.name)).join(', ')})`,
                  segmentChart(t, theme)
                ]
              ]}
            />
            <Box sx={{ mt: 2, display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
              <Typography variant="subtitle2">Offer threshold</Typography>
              <TextField
                size="small"
                label="Cost of an offer (tokens)"
                value={offerCost}
                onChange={(e) => setOfferCost(e.target.value)}
                sx={{ width: 190 }}
              />
              <TextField
                size="small"
                label="Value of a learner reached (tokens)"
                value={retainedValue}
                onChange={(e) => setRetainedValue(e.target.value)}
                sx={{ width: 240 }}
              />
              <Button
                onClick={() => findThreshold(t.target)}
                disabled={!(Number(offerCost) >= 0 && Number(retainedValue) >= 0)}
              >
                Find the threshold that pays
              </Button>
              {profit?.target === t.target && (
                <Typography data-testid="threshold-result">
                  Offer to scores ≥ {profit.best.threshold.toFixed(2)}: {profit.best.flagged.toLocaleString()}{' '}
                  of {profit.test_learners.toLocaleString()} test learners, expected net{' '}
                  {profit.best.profit.toLocaleString()} tokens
                </Typography>
              )}
            </Box>
            {profit?.target === t.target && (
              <EChart
                height={200}
                label="Expected net value by threshold"
                option={{
                  grid: { left: 64, right: 16, top: 24, bottom: 40 },
                  tooltip: { trigger: 'axis' },
                  xAxis: { type: 'value', name: 'threshold', nameLocation: 'middle', nameGap: 26, max: 1 },
                  yAxis: { type: 'value', name: 'net value' },
                  series: [
                    {
                      type: 'line',
                      symbol: 'none',
                      data: profit.curve.map((p) => [p.threshold, p.profit]),
                      itemStyle: { color: theme.palette.primary.main }
                    }
                  ]
                }}
              />
            )}
          </CardContent>
        </Card>
      )}
      {segments && (
        <Card>
          <CardContent>
            <Typography variant="h6" gutterBottom>
              Segments and actions
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              Learners by today&apos;s enrollment propensity, with their mean scores and profile, and the
              action of the rule table; the thresholds and the discount are editable.
            </Typography>
            {run && (
              <BandEditor
                run={run}
                onError={setError}
                onApplied={(r) => {
                  setSegments(r.segments)
                  setRun(r.run)
                }}
              />
            )}
            <TableContainer>
              <Table size="small" data-testid="segment-actions">
                <HeaderRow
                  labels={[
                    'Segment',
                    'Learners',
                    'Enrollment',
                    'Churn',
                    'Price sensitivity',
                    'Token balance',
                    'Completion rate',
                    'Discount %',
                    'Contact',
                    'Channel',
                    'Offer'
                  ]}
                  left={['Segment', 'Contact', 'Channel', 'Offer']}
                />
                <TableBody>
                  {segments.map((s) => (
                    <TableRow key={s.segment}>
                      <TableCell>{s.segment}</TableCell>
                      <TableCell align="right">{s.learners.toLocaleString()}</TableCell>
                      <TableCell align="right">{num(s.mean_enrollment, 2)}</TableCell>
                      <TableCell align="right">{num(s.mean_churn, 2)}</TableCell>
                      <TableCell align="right">{num(s.mean_price_sensitivity, 2)}</TableCell>
                      <TableCell align="right">{num(s.mean_token_balance, 0)}</TableCell>
                      <TableCell align="right">{num(s.mean_completion_rate, 2)}</TableCell>
                      <TableCell align="right">
                        <TextField
                          variant="standard"
                          type="number"
                          defaultValue={s.discount_pct}
                          onBlur={(e) => void editDiscount(s.segment, Number(e.target.value))}
                          sx={{ width: 56 }}
                          slotProps={{
                            htmlInput: { min: 0, max: 100, 'aria-label': `Discount for ${s.segment}` }
                          }}
                        />
                      </TableCell>
                      <TableCell>{s.contact}</TableCell>
                      <TableCell>{s.channel}</TableCell>
                      <TableCell>{s.offer}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          </CardContent>
        </Card>
      )}
      {segments && (
        <Card>
          <CardContent>
            <Typography variant="h6" gutterBottom>
              Personalized prices
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              Each learner&apos;s price: the segment&apos;s discount from the action table, more for highly
              price-sensitive learners, then the guardrails (maximum discount, then the minimum price, which
              always wins). Expected enrollments assume a learner elasticity of −(0.5 + 2 × sensitivity) until
              an A/B test measures it.
            </Typography>
            <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', mb: 1 }}>
              {(
                [
                  ['referencePrice', 'List price (default: median course)'],
                  ['maxDiscountPct', 'Max discount %'],
                  ['minPrice', 'Min price'],
                  ['sensitivityExtraPct', 'Extra % if sensitive']
                ] as const
              ).map(([k, label]) => (
                <TextField
                  key={k}
                  size="small"
                  label={label}
                  value={policy[k]}
                  onChange={(e) => setPolicy((p) => ({ ...p, [k]: e.target.value }))}
                  sx={{ width: k === 'referencePrice' ? 260 : 160 }}
                />
              ))}
              <Button onClick={() => priceOffers(false)}>Price the offers</Button>
              <Button onClick={() => priceOffers(true)} disabled={!offers}>
                Export prices
              </Button>
            </Box>
            {offers && (
              <Table size="small" data-testid="offers">
                <HeaderRow
                  labels={[
                    'Segment',
                    'Learners',
                    'Mean discount',
                    'Mean price',
                    'Enrollments (list → offer)',
                    'Revenue (list → offer)',
                    'Set by a guardrail'
                  ]}
                  left={['Segment']}
                />
                <TableBody>
                  {offers.segments.map((s) => (
                    <TableRow key={s.segment}>
                      <TableCell>{s.segment}</TableCell>
                      <TableCell align="right">{s.learners.toLocaleString()}</TableCell>
                      <TableCell align="right">{num(s.mean_discount_pct, 1)}%</TableCell>
                      <TableCell align="right">{num(s.mean_price, 1)}</TableCell>
                      <TableCell align="right">
                        {num(s.enrollments_at_list_price, 0)} → {num(s.expected_enrollments, 0)}
                      </TableCell>
                      <TableCell align="right">
                        {num(s.revenue_at_list_price, 0)} → {num(s.expected_revenue, 0)}
                      </TableCell>
                      <TableCell align="right">{s.bound_by_guardrail.toLocaleString()}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
      )}
      {run?.churn_sensitivity && (
        <Card>
          <CardContent>
            <Typography variant="h6" gutterBottom>
              Churn risk × price sensitivity
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              Learners by churn band (today&apos;s scores) and price-sensitivity band. The top-left cells are
              at risk and react to price: the candidates for a targeted discount. Price sensitivity is read
              from purchases made below a course&apos;s usual price and from cheap course choices (
              {run.price_sensitivity?.scored.toLocaleString()} learners with purchases
              {run.price_sensitivity?.spearman_with_truth !== null &&
              run.price_sensitivity?.spearman_with_truth !== undefined
                ? `; rank correlation with the sample's true sensitivity ${run.price_sensitivity.spearman_with_truth.toFixed(2)}`
                : ''}
              ).
            </Typography>
            <Table size="small" sx={{ maxWidth: 560 }} data-testid="risk-matrix">
              <TableHead>
                <TableRow>
                  <TableCell sx={{ fontWeight: 600 }}>Churn \ sensitivity</TableCell>
                  {run.churn_sensitivity.columns.map((c) => (
                    <TableCell key={c} align="right" sx={{ fontWeight: 600 }}>
                      {c}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {run.churn_sensitivity.rows.map((r, i) => (
                  <TableRow key={r}>
                    <TableCell>{r}</TableCell>
                    {run.churn_sensitivity?.counts[i].map((n, j) => (
                      <TableCell
                        key={j}
                        align="right"
                        sx={{
                          bgcolor: i < 2 && j === 0 ? alpha(theme.palette.warning.main, 0.15) : undefined
                        }}
                      >
                        {n.toLocaleString()}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
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
