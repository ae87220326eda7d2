import {
  Alert,
  Box,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableRow,
  Typography
} from '@mui/material'
import type { Theme } from '@mui/material/styles'
import type { PlanSummary } from '../../../../shared/experiments'
import { HeaderRow } from '../../components/HeaderRow'
import { EChart } from '../../components/EChart'
import { balanceChart } from './charts'
import { fixed, int, mean, pct, upTo } from '../../format'
import { planWarnings } from './plan-warnings'
import { TreatmentNotes } from './TreatmentNotes'

const num = (x: number, d = 2) => upTo(x, d)

/** The plan as it stands: power and duration, warnings, and on the review step the strata and the balance. */
export function PlanView({ plan, full, theme }: { plan: PlanSummary; full: boolean; theme: Theme }) {
  return (
    <Stack spacing={2}>
      <PowerResult plan={plan} />
      <TreatmentNotes plan={plan} />
      {planWarnings(plan).map((w) => (
        <Alert key={w} severity="warning">
          {w}
        </Alert>
      ))}
      {full && <StrataAndBalance plan={plan} theme={theme} />}
      {full && <BalanceTable plan={plan} />}
    </Stack>
  )
}

/** The power and duration in one line, and what CUPED would change. */
function PowerResult({ plan }: { plan: PlanSummary }) {
  const p = plan.power
  const b = plan.baseline
  return (
    <>
      <Alert severity={p.enough === false ? 'warning' : 'info'} data-testid="power-result">
        {p.test}; baseline{' '}
        {b.kind === 'rate' ? `rate ${pct(b.rate, 2)}` : `mean ${num(b.mean)} (sd ${num(b.sd)})`}.{' '}
        {p.required_units !== null && (
          <>
            Needs {int(p.required_units)} {plan.unit_noun?.many ?? 'units'};{' '}
          </>
        )}
        {int(plan.units)} in the test
        {plan.holdout_units ? ` (+${int(plan.holdout_units)} held out)` : ''}; smallest detectable change{' '}
        {pct(p.mde_achievable)}
        {plan.duration.weeks
          ? `; run ${plan.duration.weeks} week(s)`
          : plan.duration.days
            ? `; about ${plan.duration.days} days`
            : ''}
        . {p.enough === false ? p.message : ''}
      </Alert>
      {plan.cuped && (
        <Alert severity="info" data-testid="cuped-plan">
          With CUPED (the analysis adjusts with each unit&apos;s last {plan.cuped.pre_periods} weeks of
          revenue, {pct(plan.cuped.variance_reduction, 0)} less variance):{' '}
          {plan.cuped.required_units !== null && (
            <>
              needs {int(plan.cuped.required_units)} units instead of {int(p.required_units)};{' '}
            </>
          )}
          smallest detectable change {pct(plan.cuped.mde_achievable)}
          {plan.cuped.weeks !== null ? `; ${plan.cuped.weeks} week(s) would do` : ''}.
        </Alert>
      )}
    </>
  )
}

/** The review's strata table and balance chart, side by side. */
function StrataAndBalance({ plan, theme }: { plan: PlanSummary; theme: Theme }) {
  return (
    <Box sx={{ display: 'flex', gap: 3, flexWrap: 'wrap' }}>
      <TableContainer sx={{ flex: '1 1 420px' }}>
        <Typography variant="subtitle2">Strata</Typography>
        <Table size="small" data-testid="strata-table">
          <HeaderRow
            labels={['Stratum', 'Units', ...Object.keys(plan.arms), 'Baseline']}
            left={['Stratum']}
          />
          <TableBody>
            {plan.strata.map((s) => (
              <TableRow key={s.stratum}>
                <TableCell>{s.stratum}</TableCell>
                <TableCell align="right">{s.units}</TableCell>
                {Object.keys(plan.arms).map((a) => (
                  <TableCell key={a} align="right">
                    {s.arms[a] ?? 0}
                  </TableCell>
                ))}
                <TableCell align="right">
                  {s.baseline_rate !== null ? pct(s.baseline_rate) : num(s.baseline_mean, 0)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <Box sx={{ flex: '1 1 420px' }}>
        <Typography variant="subtitle2">
          Balance: standardized mean differences (largest {fixed(plan.max_abs_smd, 3)}; flagged above 0.1)
        </Typography>
        <Box data-testid="balance-chart">
          <EChart
            option={balanceChart(plan.balance, theme)}
            height={Math.max(200, 22 * Math.min(30, plan.balance.length) + 50)}
            label="Balance of covariates between arms"
          />
        </Box>
      </Box>
    </Box>
  )
}

/** Each covariate's means by arm and standardized difference, flagged above 0.1. */
function BalanceTable({ plan }: { plan: PlanSummary }) {
  return (
    <TableContainer>
      <Table size="small" data-testid="balance-table">
        <HeaderRow
          labels={['Covariate', 'Arm', 'Control mean', 'Arm mean', 'SMD', '']}
          left={['Covariate', 'Arm', '']}
        />
        <TableBody>
          {plan.balance.map((r) => (
            <TableRow key={`${r.covariate}|${r.arm}`}>
              <TableCell>{r.covariate}</TableCell>
              <TableCell>{r.arm}</TableCell>
              <TableCell align="right">{mean(r.mean_control)}</TableCell>
              <TableCell align="right">{mean(r.mean_arm)}</TableCell>
              <TableCell align="right">{fixed(r.smd, 3)}</TableCell>
              <TableCell sx={{ color: 'error.main' }}>{r.flagged ? '|SMD| > 0.1' : ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  )
}
