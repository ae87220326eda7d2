import { useCallback, useEffect, useState } from 'react'
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableRow,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography
} from '@mui/material'
import { alpha, useTheme } from '@mui/material/styles'
import type { DatasetInfo } from '../../../../shared/data'
import type { CustomerPropensityRun } from '../../../../shared/propensity'
import { usePriceLab } from '../../api/ClientContext'
import { useJob } from '../../api/useJob'
import { JobProgress } from '../../components/JobProgress'
import { HeaderRow } from '../../components/HeaderRow'
import { fixed as num } from '../../format'
import { calibrationChart, ChartGrid, gainChart, rocChart, segmentChart } from './charts'

export type Source = 'learners' | 'customers'

export function SourceSwitch({ value, onChange }: { value: Source; onChange: (s: Source) => void }) {
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={value}
      onChange={(_, v: Source | null) => v && onChange(v)}
      aria-label="What to score"
    >
      <ToggleButton value="learners">Sample learners</ToggleButton>
      <ToggleButton value="customers">A customer table</ToggleButton>
    </ToggleButtonGroup>
  )
}

const MODEL_NAMES: Record<string, string> = {
  logistic: 'Logistic regression',
  rf: 'Random forest',
  gbm: 'Gradient boosting'
}

/** Propensity on an imported customer table: pick the dataset and its label column, train, read, export. */
export function CustomerPropensity({ source, onSource }: { source: Source; onSource: (s: Source) => void }) {
  const { client, project } = usePriceLab()
  const theme = useTheme()
  const job = useJob<CustomerPropensityRun>()
  const [datasets, setDatasets] = useState<DatasetInfo[]>([])
  const [dataset, setDataset] = useState('')
  const [label, setLabel] = useState('')
  const [positive, setPositive] = useState('')
  const [idColumn, setIdColumn] = useState('')
  const [run, setRun] = useState<CustomerPropensityRun | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [lookup, setLookup] = useState('')
  const [customer, setCustomer] = useState<{ header: string[]; row: (number | string)[] | null } | null>(null)

  useEffect(() => {
    if (!project) return
    client
      .call('data:datasets', {})
      .then((ds) => {
        setDatasets(ds)
        setDataset((d) => d || ds[0]?.name || '')
      })
      .catch((e: Error) => setError(e.message))
  }, [client, project])
  const ds = datasets.find((d) => d.name === dataset)
  const load = useCallback(async () => {
    if (!dataset) return
    const r = await client.call('propensity:customerRun', { dataset })
    setRun(r)
    if (r) {
      setLabel(r.targets[0].target)
      setIdColumn(r.targets[0].id_column ?? '')
    }
  }, [client, dataset])
  useEffect(() => {
    load().catch((e: Error) => setError(e.message))
  }, [load])

  const train = async () => {
    setError(null)
    const r = await job.start((jobId) =>
      client.call('propensity:trainCustomers', {
        jobId,
        dataset,
        label,
        positive: positive || undefined,
        id: idColumn || undefined
      })
    )
    if (r) setRun(r)
  }
  const exportCsv = async () => {
    try {
      const f = await client.call('propensity:exportCustomers', { dataset, bom: true })
      await client.saveFile(f.fileId, f.name)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const find = async () => {
    try {
      setCustomer(await client.call('propensity:customer', { dataset, id: lookup.trim() }))
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const t = run?.targets[0] ?? null
  const columns = ds?.columns.map((c) => c.name) ?? []

  return (
    <Box sx={{ p: 3, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="h5">Propensity</Typography>
      <SourceSwitch value={source} onChange={onSource} />
      <Card>
        <CardContent sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
          <TextField
            select
            size="small"
            label="Dataset"
            value={dataset}
            onChange={(e) => {
              setDataset(e.target.value)
              setLabel('')
              setIdColumn('')
              setRun(null)
            }}
            sx={{ minWidth: 180 }}
          >
            {datasets.map((d) => (
              <MenuItem key={d.name} value={d.name}>
                {d.name} ({d.rows.toLocaleString()} rows)
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            size="small"
            label="Label column"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            sx={{ minWidth: 160 }}
          >
            {columns.map((c) => (
              <MenuItem key={c} value={c}>
                {c}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            size="small"
            label="Positive value (optional)"
            placeholder="yes / true / 1"
            value={positive}
            onChange={(e) => setPositive(e.target.value)}
            sx={{ width: 190 }}
          />
          <TextField
            select
            size="small"
            label="Customer id (optional)"
            value={idColumn}
            onChange={(e) => setIdColumn(e.target.value)}
            sx={{ minWidth: 180 }}
          >
            <MenuItem value="">(row number)</MenuItem>
            {columns
              .filter((c) => c !== label)
              .map((c) => (
                <MenuItem key={c} value={c}>
                  {c}
                </MenuItem>
              ))}
          </TextField>
          <Button variant="contained" onClick={train} disabled={job.running || !dataset || !label}>
            Train models
          </Button>
          <Button variant="outlined" onClick={exportCsv} disabled={!run}>
            Export scored customers
          </Button>
        </CardContent>
        {job.running && (
          <Box sx={{ px: 2, pb: 2 }}>
            <JobProgress percent={job.percent} message={job.message} onCancel={job.cancel} />
          </Box>
        )}
      </Card>
      {(error || job.error) && <Alert severity="error">{error ?? job.error?.message}</Alert>}
      {!datasets.length && (
        <Alert severity="info">
          No imported dataset yet: import a customer table (one row per customer, with a yes/no label column)
          on the Data page.
        </Alert>
      )}
      {run && t && (
        <Card>
          <CardContent>
            <Typography variant="h6">
              {t.target} = {t.positive} in {run.dataset}
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              {t.learners.toLocaleString()} labelled customers, {(t.positive_rate * 100).toFixed(1)}%
              positive; 25% held out for the test figures; best = highest cross-validated AUC, then calibrated
              ({t.calibration_method}, chosen on the validation folds: ECE {num(t.ece_before)} →{' '}
              {num(t.ece_after)}). {t.customers_scored.toLocaleString()} customers scored.
            </Typography>
            <TableContainer>
              <Table size="small" data-testid="customer-propensity-table">
                <HeaderRow
                  labels={['Model', 'AUC', 'CV AUC', 'PR-AUC', 'F1', 'at threshold', 'Brier', 'Train time']}
                  left={['Model']}
                />
                <TableBody>
                  {t.models.map((m) => (
                    <TableRow
                      key={m.name}
                      sx={{
                        bgcolor: m.name === t.best_model ? alpha(theme.palette.success.main, 0.08) : undefined
                      }}
                    >
                      <TableCell>
                        {MODEL_NAMES[m.name] ?? m.name}
                        {m.name === t.best_model && (
                          <Chip size="small" color="success" label="best" sx={{ ml: 1 }} />
                        )}
                      </TableCell>
                      <TableCell align="right">{num(m.auc)}</TableCell>
                      <TableCell align="right">{num(m.cv_auc)}</TableCell>
                      <TableCell align="right">{num(m.pr_auc)}</TableCell>
                      <TableCell align="right">{num(m.f1)}</TableCell>
                      <TableCell align="right">{num(m.threshold, 2)}</TableCell>
                      <TableCell align="right">{num(m.brier)}</TableCell>
                      <TableCell align="right">{`${(m.train_ms / 1000).toFixed(1)} s`}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
            <ChartGrid
              charts={[
                ['ROC curve (test customers)', rocChart(t, theme)],
                ['Calibration (after calibrating)', calibrationChart(t, theme)],
                ['Lift and gain by decile', gainChart(t, theme)],
                [
                  `Segments (${run.bands.map((b) => (b.min > 0 ? `${b.name} ≥ ${b.min}` : b.name)).join(', ')})`,
                  segmentChart(t, theme, 'customers')
                ]
              ]}
            />
            <Typography variant="subtitle2" sx={{ mt: 2 }}>
              Segment profiles
            </Typography>
            <TableContainer>
              <Table size="small" data-testid="customer-profiles">
                <HeaderRow labels={['', ...t.profiles.segments]} left={['']} />
                <TableBody>
                  <TableRow>
                    <TableCell>customers</TableCell>
                    {t.profiles.customers.map((c, k) => (
                      <TableCell key={k} align="right">
                        {c.toLocaleString()}
                      </TableCell>
                    ))}
                  </TableRow>
                  <TableRow>
                    <TableCell>mean score</TableCell>
                    {t.profiles.mean_score.map((c, k) => (
                      <TableCell key={k} align="right">
                        {num(c, 2)}
                      </TableCell>
                    ))}
                  </TableRow>
                  <TableRow>
                    <TableCell>observed {t.target} rate</TableCell>
                    {t.profiles.observed_rate.map((c, k) => (
                      <TableCell key={k} align="right">
                        {num(c, 2)}
                      </TableCell>
                    ))}
                  </TableRow>
                  {t.profiles.columns.map((c) => (
                    <TableRow key={c.column}>
                      <TableCell>
                        {c.column}
                        {c.how === 'yes/no' ? ' (share yes)' : c.how === 'number' ? ' (mean)' : ''}
                      </TableCell>
                      {c.values.map((v, k) => (
                        <TableCell key={k} align="right">
                          {typeof v === 'number' ? num(v, 2) : (v ?? '—')}
                        </TableCell>
                      ))}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
            <Typography variant="subtitle2" sx={{ mt: 2 }}>
              Features
            </Typography>
            <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
              {t.features.map((f) => (
                <Chip key={f.column} size="small" label={`${f.column} · ${f.how}`} />
              ))}
              {t.dropped.map((d) => (
                <Chip
                  key={d.column}
                  size="small"
                  variant="outlined"
                  color="warning"
                  label={`${d.column}: dropped, ${d.reason}`}
                />
              ))}
            </Stack>
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mt: 2 }}>
              <TextField
                size="small"
                label={t.id_column ?? 'Row number'}
                value={lookup}
                onChange={(e) => setLookup(e.target.value)}
                onKeyDown={(e) => e.key === 'Enter' && void find()}
              />
              <Button onClick={find} disabled={!lookup.trim()}>
                Why this score?
              </Button>
            </Stack>
            {customer && (
              <TableContainer sx={{ mt: 1 }}>
                <Table size="small" data-testid="customer-why">
                  <TableBody>
                    {customer.row ? (
                      customer.header.map((h, k) => (
                        <TableRow key={h}>
                          <TableCell>{h}</TableCell>
                          <TableCell>{customer.row?.[k]}</TableCell>
                        </TableRow>
                      ))
                    ) : (
                      <TableRow>
                        <TableCell>No customer {lookup} in this run.</TableCell>
                      </TableRow>
                    )}
                  </TableBody>
                </Table>
              </TableContainer>
            )}
          </CardContent>
        </Card>
      )}
    </Box>
  )
}
