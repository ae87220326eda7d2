import { Box, Button, MenuItem, Stack, TextField, Typography } from '@mui/material'
import type { ArmSpec, ExperimentDesign } from '../../../../shared/experiments'
import { NumberField } from '../../components/NumberField'
import { fieldIssues } from '../../components/number-rules'
import { DESIGN_RULES } from './design-rules'

/** The wizard's arms: control at today's prices, treatments as a change, optimized prices or a scenario; the holdout. */
export function ArmsStep({
  d,
  set,
  scenarios,
  refusal
}: {
  d: ExperimentDesign
  set: (patch: Partial<ExperimentDesign>) => void
  /** Saved price-change scenarios a treatment can apply. */
  scenarios: string[]
  /** The server's last refusal of this design: its issues are shown at their fields (an arm's at that arm). */
  refusal?: unknown
}) {
  const armIssues = (k: number) => fieldIssues(refusal, DESIGN_RULES, ['arms', k])
  const setArm = (k: number, patch: Partial<ArmSpec>) =>
    set({ arms: d.arms.map((a, i) => (i === k ? { ...a, ...patch } : a)) })
  return (
    <Stack spacing={1.5}>
      {d.arms.map((a, k) => (
        <ArmRow
          key={k}
          a={a}
          k={k}
          units={d.units}
          scenarios={scenarios}
          setArm={(patch) => setArm(k, patch)}
          onRemove={() => set({ arms: d.arms.filter((_, i) => i !== k) })}
          issues={armIssues(k)}
        />
      ))}
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
        <Button
          onClick={() =>
            set({
              arms: [
                ...d.arms,
                { name: `treatment_${d.arms.length}`, change: { kind: 'pct', pct: 5 }, weight: 1 }
              ]
            })
          }
          disabled={d.arms.length >= 8}
        >
          Add a treatment
        </Button>
        <NumberField
          {...DESIGN_RULES.holdout}
          issue={fieldIssues(refusal, DESIGN_RULES).holdout}
          value={d.holdout}
          width={130}
          onChange={(v) => set({ holdout: v ?? 0 })}
          testId="holdout"
        />
      </Box>
    </Stack>
  )
}

/** One arm: its name, its treatment (the control changes nothing), its weight; a treatment past the first can go. */
function ArmRow({
  a,
  k,
  units,
  scenarios,
  setArm,
  onRemove,
  issues
}: {
  a: ArmSpec
  k: number
  units: ExperimentDesign['units']
  scenarios: string[]
  setArm: (patch: Partial<ArmSpec>) => void
  onRemove: () => void
  /** The server's refusal at this arm's fields. */
  issues: Partial<Record<keyof typeof DESIGN_RULES, string>>
}) {
  return (
    <Box sx={{ display: 'flex', gap: 1.5, alignItems: 'center', flexWrap: 'wrap' }}>
      <TextField
        size="small"
        label="Arm"
        value={a.name}
        onChange={(e) => setArm({ name: e.target.value })}
        sx={{ width: 160 }}
      />
      {k === 0 ? (
        <Typography variant="body2" sx={{ width: 420 }}>
          Control: today&apos;s prices
        </Typography>
      ) : (
        <TreatmentChoice a={a} k={k} units={units} scenarios={scenarios} setArm={setArm} issue={issues.pct} />
      )}
      <NumberField
        {...DESIGN_RULES.weight}
        issue={issues.weight}
        value={a.weight}
        width={100}
        onChange={(v) => setArm({ weight: v ?? 1 })}
      />
      {k > 1 && (
        <Button color="error" onClick={onRemove}>
          Remove
        </Button>
      )}
    </Box>
  )
}

/** A treatment's change: a fixed percent, the optimized prices or a saved scenario (items and courses only). */
function TreatmentChoice({
  a,
  k,
  units,
  scenarios,
  setArm,
  issue
}: {
  a: ArmSpec
  k: number
  units: ExperimentDesign['units']
  scenarios: string[]
  setArm: (patch: Partial<ArmSpec>) => void
  issue?: string
}) {
  return (
    <>
      <TextField
        select
        size="small"
        label="Treatment"
        value={a.change.kind}
        onChange={(e) => {
          const kind = e.target.value
          setArm({
            change:
              kind === 'pct'
                ? { kind: 'pct', pct: -10 }
                : kind === 'optimized'
                  ? { kind: 'optimized' }
                  : { kind: 'scenario', name: scenarios[0] ?? '' }
          })
        }}
        sx={{ width: 200 }}
      >
        <MenuItem value="pct">Fixed change</MenuItem>
        <MenuItem value="optimized" disabled={units === 'learners'}>
          Optimized prices
        </MenuItem>
        <MenuItem value="scenario" disabled={units === 'learners' || !scenarios.length}>
          Saved scenario
        </MenuItem>
      </TextField>
      {a.change.kind === 'pct' && (
        <NumberField
          {...DESIGN_RULES.pct}
          issue={issue}
          value={a.change.pct}
          width={130}
          testId={`arm-change-${k}`}
          onChange={(v) => setArm({ change: { kind: 'pct', pct: v ?? 0 } })}
        />
      )}
      {a.change.kind === 'scenario' && (
        <TextField
          select
          size="small"
          label="Scenario"
          value={a.change.name}
          onChange={(e) => setArm({ change: { kind: 'scenario', name: e.target.value } })}
          sx={{ width: 200 }}
        >
          {scenarios.map((s) => (
            <MenuItem key={s} value={s}>
              {s}
            </MenuItem>
          ))}
        </TextField>
      )}
    </>
  )
}
