// An experiment's analysis: sample ratio, notes and verdict, arms, effects with their intervals, and caveats.
import { Alert, Box, Table, TableBody, TableCell, TableContainer, TableRow, Typography } from '@mui/material'
import { useTheme } from '@mui/material/styles'
import type { Analysis } from '../../../../shared/experiments'
import { EChart } from '../../components/EChart'
import { HeaderRow } from '../../components/HeaderRow'
import { int, pValue, pct } from '../../format'
import { AnalysisNotes } from './AnalysisNotes'
import { fixed as f } from './analysis-format'
import { intervalChart } from './charts'

export function AnalysisResults({
  result,
  edtech
}: {
  result: Analysis & { rows: number }
  edtech: boolean
}) {
  return (
    <>
      <Alert severity={result.srm.mismatch ? 'error' : 'success'} data-testid="srm">
        Sample ratio: χ² = {f(result.srm.chi_square)}, {pValue(result.srm.p_value)}{' '}
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
      <ArmsTable result={result} />
      <EffectsTable result={result} />
      <IntervalCharts result={result} edtech={edtech} />
      {result.caveats.map((c) => (
        <Typography key={c} variant="body2" color="text.secondary">
          • {c}
        </Typography>
      ))}
    </>
  )
}

function ArmsTable({ result }: { result: Analysis }) {
  return (
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
              <TableCell align="right">{pct(a.rate)}</TableCell>
              <TableCell align="right">{f(a.revenue_per_unit)}</TableCell>
              <TableCell align="right">
                {a.price_change_pct === null ? '—' : `${f(a.price_change_pct, 1)}%`}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  )
}

function EffectsTable({ result }: { result: Analysis }) {
  return (
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
  )
}

function IntervalCharts({ result, edtech }: { result: Analysis; edtech: boolean }) {
  const theme = useTheme()
  return (
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
  )
}
