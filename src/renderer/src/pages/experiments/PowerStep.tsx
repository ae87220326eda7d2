// The wizard's power step: significance, power and the effect to detect (empty: what the units can detect).
import { Box, Button, Typography } from '@mui/material'
import type { ExperimentDesign } from '../../../../shared/experiments'
import { NumberField } from '../../components/NumberField'
import { fieldIssues } from '../../components/number-rules'
import { DESIGN_RULES } from './design-rules'

export function PowerStep({
  d,
  set,
  onCompute,
  computeDisabled,
  refusal
}: {
  d: ExperimentDesign
  set(patch: Partial<ExperimentDesign>): void
  onCompute(): void
  computeDisabled: boolean
  /** The server's last refusal of this design: its issues are shown at their fields. */
  refusal?: unknown
}) {
  const issues = fieldIssues(refusal, DESIGN_RULES)
  return (
    <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center' }}>
      <NumberField
        {...DESIGN_RULES.alpha}
        issue={issues.alpha}
        value={d.alpha}
        width={130}
        testId="alpha"
        onChange={(v) => set({ alpha: v ?? 0.05 })}
      />
      <NumberField
        {...DESIGN_RULES.power}
        issue={issues.power}
        value={d.power}
        width={120}
        testId="power"
        onChange={(v) => set({ power: v ?? 0.8 })}
      />
      <NumberField
        {...DESIGN_RULES.mde}
        issue={issues.mde}
        value={d.mde}
        width={220}
        onChange={(v) => set({ mde: v })}
        testId="mde"
      />
      <Button variant="outlined" onClick={onCompute} disabled={computeDisabled}>
        Compute
      </Button>
      <Typography variant="caption" color="text.secondary">
        Leave the effect empty to see what the units can detect. Baselines come from the project&apos;s own
        history.
      </Typography>
    </Box>
  )
}
