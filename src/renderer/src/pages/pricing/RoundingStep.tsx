// Rounding to a step of the analyst's own (the CLI's --round 0.05): prices land on its multiples.
import { guardrailsSchema } from '../../../../shared/api'
import { boundsOf } from '../../../../shared/bounds'
import type { Guardrails } from '../../../../shared/pricing'
import { NumberField } from '../../components/NumberField'
import { useReportProblem } from '../../components/FormValidity'
import { fixed } from '../../format'

const STEP_BOUNDS = boundsOf(guardrailsSchema.shape.rounding.shape.step)

/** The step field, shown while the rule is "step"; an empty step blocks the form with the reason. */
export function RoundingStep({
  rounding,
  onRounding,
  decimals
}: {
  rounding: Guardrails['rounding']
  onRounding: (r: Guardrails['rounding']) => void
  /** The price unit's decimals: a step finer than the data's prices is said to be so. */
  decimals: number | null
}) {
  const on = rounding.rule === 'step'
  const step = rounding.step ?? null
  useReportProblem(
    on && step === null
      ? {
          label: 'Price step',
          message: 'Give the price step prices land on, e.g. 0.05 (or choose another rounding)'
        }
      : null
  )
  if (!on) return null
  const finer = step !== null && decimals !== null && step < 10 ** -decimals - 1e-12
  return (
    <NumberField
      label="Price step"
      {...STEP_BOUNDS}
      value={step}
      nullable={false}
      step={0.05}
      width={160}
      testId="rounding-step"
      onChange={(v) => onRounding({ ...rounding, step: v })}
      issue={
        finer ? `Finer than the data's prices (${fixed(10 ** -(decimals ?? 0), decimals ?? 0)})` : undefined
      }
    />
  )
}
