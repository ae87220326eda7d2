import { Alert, Stack } from '@mui/material'
import type { PlanSummary } from '../../../../shared/experiments'
import { pct } from '../../format'

/**
 * What the treatment really moves and is expected to do, which design protects the arms from
 * cannibalization, and the flags that stop a study: a plan that tests no price change, or an
 * effect below what the test can detect.
 */
export function TreatmentNotes({ plan }: { plan: PlanSummary }) {
  const t = plan.treatment
  const many = plan.unit_noun?.many ?? 'units'
  return (
    <Stack spacing={1}>
      {t?.flags.map((f) => (
        <Alert key={f} severity="error" data-testid="treatment-flag">
          {t.changes_nothing
            ? 'This plan tests no price change: '
            : 'Expected effect below what the test can detect: '}
          {f}
        </Alert>
      ))}
      {t && (
        <Alert severity="info" data-testid="treatment-summary">
          {t.arms.map((a) => (
            <div key={a.arm}>
              {a.arm}: {a.changed_units} of {a.units} {many} move by {pct(t.min_change, 0)} or more
              {a.change_pct
                ? ` (changes ${a.change_pct.min}% to ${a.change_pct.max}%, median ${a.change_pct.median}%)`
                : ''}
              ;{' '}
              {a.expected_effect === null
                ? `expected effect not computed: ${a.basis}`
                : `expected revenue per ${plan.unit_noun?.one ?? 'unit'} ${pct(a.expected_effect)} (from ${a.basis}), power ${pct(a.power_at_expected)} for it`}
              .
            </div>
          ))}
          {t.left_out_units > 0 &&
            `${t.left_out_units} ${many} the treatment moves by less than ${pct(t.min_change, 0)} are left out.`}
        </Alert>
      )}
      {plan.cannibalization && (
        <Alert
          severity={
            plan.cannibalization.shared_column && !/^Protected/.test(plan.cannibalization.advice)
              ? 'warning'
              : 'success'
          }
          data-testid="cannibalization-advice"
        >
          {plan.design_label ? `Design: ${plan.design_label}. ` : ''}
          {plan.cannibalization.advice}
        </Alert>
      )}
    </Stack>
  )
}
