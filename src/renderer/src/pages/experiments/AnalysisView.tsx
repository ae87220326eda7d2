import { useRef, useState } from 'react'
import {
  Alert,
  Box,
  Button,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableRow,
  TextField,
  Typography
} from '@mui/material'
import { useTheme } from '@mui/material/styles'
import type { Analysis } from '../../../../shared/experiments'
import { ApiError } from '../../../../shared/api'
import { usePriceLab } from '../../api/ClientContext'
import { HeaderRow } from '../../components/HeaderRow'
import { EChart } from '../../components/EChart'
import { intervalChart } from './charts'
import { AnalysisNotes } from './AnalysisNotes'
import { StaleNotice } from '../../components/StaleNotice'
import { int } from '../../format'

const f = (x: number | null | undefined, d = 2) =>
  x === null || x === undefined || !Number.isFinite(x)
    ? '—'
    : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })

/** A two-way choice shown as a small select (its two options in words). */
function Toggle(p: {
  label: string
  on: boolean
  set: (on: boolean) => void
  off: string
  onText: string
  width: number
  testId?: string
}) {
  return (
    <TextField
      select
      size="small"
      label={p.label}
      value={p.on ? 'on' : 'off'}
      onChange={(e) => p.set(e.target.value === 'on')}
      sx={{ width: p.width }}
      data-testid={p.testId}
    >
      <MenuItem value="off">{p.off}</MenuItem>
      <MenuItem value="on">{p.onText}</MenuItem>
    </TextField>
  )
}

/** Import a results CSV, check the sample ratio, read the effects with their intervals and the verdict. */
export function AnalysisView({
  experiments,
  edtech = true
}: {
  experiments: string[]
  /** The EdTech sample's revenue is in tokens; an imported dataset's in its own currency. */
  edtech?: boolean
}) {
  const { client } = usePriceLab()
  const theme = useTheme()
  const input = useRef<HTMLInputElement>(null)
  const [picked, setExperiment] = useState<string>('')
  // A plan of another dataset (picked before a switch of the app's dataset) is not this page's to read.
  const experiment = experiments.includes(picked) ? picked : ''
  const [bootstrap, setBootstrap] = useState(true)
  const [allowMismatch, setAllowMismatch] = useState(false)
  const [sequential, setSequential] = useState(false)
  const [result, setResult] = useState<(Analysis & { rows: number }) | null>(null)
  const [error, setError] = useState<{ message: string; issues: string[] } | null>(null)
  // The file and choices the shown analysis was made with: a changed choice marks it stale until re-read.
  const lastFile = useRef<File | null>(null)
  const [ranWith, setRanWith] = useState<Record<string, unknown> | undefined>(undefined)
  const [failed, setFailed] = useState(false)
  const choices = { experiment, bootstrap, sequential, allowMismatch: experiment ? allowMismatch : null }
  const analyze = async (file: File) => {
    setError(null)
    lastFile.current = file
    const used = { ...choices, file: file.name }
    try {
      const staged = await client.stageFile(file)
      setResult(
        await client.call('experiments:analyze', {
          fileId: staged.fileId,
          experiment: experiment || undefined,
          bootstrap: bootstrap ? 2000 : 0,
          allowMismatch: experiment ? allowMismatch : undefined,
          sequential
        })
      )
      setRanWith(used)
      setFailed(false)
    } catch (e) {
      setFailed(true)
      const issues =
        e instanceof ApiError
          ? (e.body.issues ?? []).map((i) => `${i.file}:${i.line}:${i.column} ${i.message}`)
          : []
      setError({ message: (e as Error).message, issues })
    }
  }
  return (
    <Stack spacing={2}>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <TextField
          select
          size="small"
          label="Plan"
          value={experiment}
          onChange={(e) => setExperiment(e.target.value)}
          sx={{ width: 260 }}
        >
          <MenuItem value="">No plan (arms as in the file)</MenuItem>
          {experiments.map((x) => (
            <MenuItem key={x} value={x}>
              {x}
            </MenuItem>
          ))}
        </TextField>
        <Toggle
          label="Revenue interval"
          on={bootstrap}
          set={setBootstrap}
          off="Welch t"
          onText="Welch t and bootstrap"
          width={220}
        />
        <Toggle
          label="Reading"
          on={sequential}
          set={setSequential}
          off="Once, at the planned end"
          onText="Sequential (valid at any look)"
          width={240}
          testId="reading"
        />
        {experiment && (
          <Toggle
            label="Rows not matching the plan"
            on={allowMismatch}
            set={setAllowMismatch}
            off="Refuse above 1% of rows"
            onText="Analyse the matching rows anyway"
            width={260}
            testId="mismatch-policy"
          />
        )}
        <Button variant="contained" onClick={() => input.current?.click()}>
          Analyze a results CSV…
        </Button>
        <input
          ref={input}
          type="file"
          accept=".csv,text/csv"
          hidden
          data-testid="results-file"
          onChange={(e) => {
            const file = e.target.files?.[0]
            if (file) void analyze(file)
            e.target.value = ''
          }}
        />
        <Typography variant="caption" color="text.secondary">
          Columns: unit, arm, exposures, conversions, revenue (optionally price, cluster, pre_revenue).
        </Typography>
      </Box>
      {error && (
        <Alert severity="error">
          {error.message}
          {error.issues.length > 1 && (
            <ul style={{ margin: 0 }}>
              {error.issues.slice(1, 10).map((i) => (
                <li key={i}>{i}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      {result && (
        <StaleNotice
          computedWith={ranWith}
          current={{ ...choices, file: ranWith?.file }}
          failed={failed}
          onRerun={() => lastFile.current && void analyze(lastFile.current)}
          rerunLabel="Analyze again"
          testId="analysis-stale"
        >
          <Alert severity={result.srm.mismatch ? 'error' : 'success'} data-testid="srm">
            Sample ratio: χ² = {f(result.srm.chi_square)}, p = {result.srm.p_value.toPrecision(3)}{' '}
            {result.srm.mismatch
              ? '— the arms did not get their planned shares: investigate before reading effects.'
              : '— the split matches the plan.'}
          </Alert>
          <AnalysisNotes result={result} />
          <Alert
            severity={result.comparisons.every((c) => c.enough_data) ? 'info' : 'warning'}
            data-testid="verdict"
          >
            {result.verdict}
          </Alert>
          <TableContainer>
            <Table size="small" data-testid="arms-table">
              <HeaderRow
                labels={[
                  'Arm',
                  'Units',
                  'Independent units',
                  'Exposures',
                  'Conversions',
                  'Conversion',
                  'Revenue/unit',
                  'Price change'
                ]}
                left={['Arm']}
              />
              <TableBody>
                {result.arms.map((a) => (
                  <TableRow key={a.arm}>
                    <TableCell>{a.arm}</TableCell>
                    <TableCell align="right">{int(a.units)}</TableCell>
                    <TableCell align="right">{int(a.analysis_units)}</TableCell>
                    <TableCell align="right">{int(a.exposures)}</TableCell>
                    <TableCell align="right">{int(a.conversions)}</TableCell>
                    <TableCell align="right">{f(a.rate * 100)}%</TableCell>
                    <TableCell align="right">{f(a.revenue_per_unit)}</TableCell>
                    <TableCell align="right">
                      {a.price_change_pct === null ? '—' : `${f(a.price_change_pct, 1)}%`}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          <TableContainer>
            <Table size="small" data-testid="effects-table">
              <HeaderRow
                labels={[
                  'Comparison',
                  'Conversion Δ (pts)',
                  `${Math.round(result.confidence * 100)}% CI`,
                  'Lift',
                  result.cuped ? 'Revenue/unit Δ (CUPED)' : 'Revenue/unit Δ',
                  'Welch CI',
                  'Bootstrap CI',
                  ...(result.comparisons[0]?.sequential ? ['Always-valid CI'] : []),
                  'Implied elasticity'
                ]}
                left={['Comparison']}
              />
              <TableBody>
                {result.comparisons.map((c) => (
                  <TableRow key={c.arm}>
                    <TableCell>
                      {c.arm} vs {c.control}
                      {!c.enough_data && (
                        <Typography variant="caption" color="warning.main" sx={{ display: 'block' }}>
                          not enough data: no call
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell align="right">{f(c.rate_diff * 100)}</TableCell>
                    <TableCell align="right">
                      {f(c.rate_diff_ci.low * 100)} to {f(c.rate_diff_ci.high * 100)}
                    </TableCell>
                    <TableCell align="right">{f(c.rate_lift_pct, 1)}%</TableCell>
                    <TableCell align="right">{f(c.revenue_diff)}</TableCell>
                    <TableCell align="right">
                      {f(c.revenue_diff_ci.low)} to {f(c.revenue_diff_ci.high)}
                    </TableCell>
                    <TableCell align="right">
                      {c.bootstrap_ci ? `${f(c.bootstrap_ci.low)} to ${f(c.bootstrap_ci.high)}` : '—'}
                    </TableCell>
                    {c.sequential && (
                      <TableCell align="right">
                        {c.sequential.revenue_ci
                          ? `${f(c.sequential.revenue_ci.low)} to ${f(c.sequential.revenue_ci.high)}`
                          : '—'}
                      </TableCell>
                    )}
                    <TableCell align="right">
                      {f(c.implied_elasticity)}
                      {c.implied_elasticity_ci
                        ? ` (${f(c.implied_elasticity_ci.low)} to ${f(c.implied_elasticity_ci.high)})`
                        : ''}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
            <Box sx={{ flex: '1 1 420px' }} data-testid="chart-conversion">
              <Typography variant="subtitle2">Conversion difference (points) with its interval</Typography>
              <EChart
                option={intervalChart(
                  result.comparisons.map((c) => ({
                    label: `${c.arm} − ${c.control}`,
                    value: c.rate_diff * 100,
                    low: c.rate_diff_ci.low * 100,
                    high: c.rate_diff_ci.high * 100
                  })),
                  'percentage points',
                  theme
                )}
                height={80 + 50 * result.comparisons.length}
                label="Conversion difference with confidence interval"
              />
            </Box>
            <Box sx={{ flex: '1 1 420px' }} data-testid="chart-revenue">
              <Typography variant="subtitle2">Revenue per unit difference with its interval</Typography>
              <EChart
                option={intervalChart(
                  result.comparisons.map((c) => ({
                    label: `${c.arm} − ${c.control}`,
                    value: c.revenue_diff,
                    low: c.revenue_diff_ci.low,
                    high: c.revenue_diff_ci.high
                  })),
                  edtech ? 'tokens per unit' : 'per unit',
                  theme
                )}
                height={80 + 50 * result.comparisons.length}
                label="Revenue difference with confidence interval"
              />
            </Box>
          </Box>
          {result.caveats.map((c) => (
            <Typography key={c} variant="body2" color="text.secondary">
              • {c}
            </Typography>
          ))}
        </StaleNotice>
      )}
    </Stack>
  )
}
