import { Alert, Typography } from '@mui/material'
import type { Analysis } from '../../../../shared/experiments'
import { count, pct } from '../../format'

/**
 * How the analysis was done and what limits it: the unit of inference (and CUPED), rows
 * that did not match the plan, whether the test reached its planned size, and arms with
 * too little data for a call.
 */
export function AnalysisNotes({ result }: { result: Analysis }) {
  const check = result.plan_check
  const left = check ? check.rows - check.analysed_rows : 0
  const thin = result.comparisons.filter((c) => !c.enough_data)
  const size = result.planned_size
  return (
    <>
      <Alert severity="info" data-testid="method">
        Analysed per {result.analysis_unit === 'cluster' ? 'cluster of randomized units' : 'randomized unit'}:{' '}
        {result.variance_method}.
        {result.cuped && (
          <>
            {' '}
            Variance reduction: <b>{pct(result.cuped.variance_reduction)}</b> of the revenue-per-unit variance
            removed ({count(result.cuped.units_with_covariate)} units with pre-period revenue).
          </>
        )}
      </Alert>
      {check && (left > 0 || check.missing_units > 0) && (
        <Alert severity={check.over_limit ? 'error' : 'warning'} data-testid="plan-check">
          {left > 0 &&
            `${left} of ${check.rows} rows do not match the plan and were left out (${[
              check.counts.not_in_plan ? `${check.counts.not_in_plan} not in the plan` : '',
              check.counts.wrong_arm ? `${check.counts.wrong_arm} in the wrong arm` : '',
              check.counts.duplicate ? `${check.counts.duplicate} repeated` : ''
            ]
              .filter(Boolean)
              .join(
                ', '
              )})${check.over_limit ? ', more than the 1% limit: analysed only because you asked to' : ''}. `}
          {check.missing_units > 0 && `${check.missing_units} planned units have no row.`}
          {check.problems.length > 0 && (
            <ul style={{ margin: 0 }}>
              {check.problems.slice(0, 8).map((p) => (
                <li key={`${p.line}-${p.unit}`}>
                  line {p.line}: {p.message}
                </li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      {size && (
        <Alert severity={size.reached ? 'success' : 'warning'} data-testid="planned-size">
          {size.reached
            ? 'The test reached its planned size'
            : 'Read early: the test has not reached its planned size'}{' '}
          (
          {Object.entries(size.planned_units)
            .map(([a, n]) => `${a} ${count(size.observed_units[a] ?? 0)} of ${count(n)} units`)
            .join(', ')}
          {size.planned_days !== null && size.elapsed_days !== null
            ? `, day ${size.elapsed_days} of ${size.planned_days}`
            : ''}
          ).
        </Alert>
      )}
      {thin.map((c) => (
        <Alert severity="warning" key={c.arm} data-testid="not-enough-data">
          <Typography variant="body2" component="span">
            <b>Not enough data</b> to compare {c.arm} with {c.control}: {c.not_enough_data_reason}. No call is
            made.
          </Typography>
        </Alert>
      ))}
    </>
  )
}
