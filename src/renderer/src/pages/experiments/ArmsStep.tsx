import { Box, Button, MenuItem, Stack, TextField, Typography } from '@mui/material'
import type { ArmSpec, ExperimentDesign } from '../../../../shared/experiments'
import { NumberField } from '../../components/NumberField'
import { DESIGN_RULES } from './design-rules'

/** The wizard's arms: control at today's prices, treatments as a change, optimized prices or a scenario; the holdout. */
export function ArmsStep({
  d,
  set,
  scenarios
}: {
  d: ExperimentDesign
  set: (patch: Partial<ExperimentDesign>) => void
  /** Saved price-change scenarios a treatment can apply. */
  scenarios: string[]
}) {
  const setArm = (k: number, patch: Partial<ArmSpec>) =>
    set({ arms: d.arms.map((a, i) => (i === k ? { ...a, ...patch } : a)) })
  return (
    <Stack spacing={1.5}>
      {d.arms.map((a, k) => (
        <Box key={k} sx={{ display: 'flex', gap: 1.5, alignItems: 'center', flexWrap: 'wrap' }}>
          <TextField
            size="small"
            label="Arm"
            value={a.name}
            onChange={(e) => setArm(k, { name: e.target.value })}
            sx={{ width: 160 }}
          />
          {k === 0 ? (
            <Typography variant="body2" sx={{ width: 420 }}>
              Control: today&apos;s prices
            </Typography>
          ) : (
            <>
              <TextField
                select
                size="small"
                label="Treatment"
                value={a.change.kind}
                onChange={(e) => {
                  const kind = e.target.value
                  setArm(k, {
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
                <MenuItem value="optimized" disabled={d.units === 'learners'}>
                  Optimized prices
                </MenuItem>
                <MenuItem value="scenario" disabled={d.units === 'learners' || !scenarios.length}>
                  Saved scenario
                </MenuItem>
              </TextField>
              {a.change.kind === 'pct' && (
                <NumberField
                  {...DESIGN_RULES.pct}
                  value={a.change.pct}
                  width={130}
                  testId={`arm-change-${k}`}
                  onChange={(v) => setArm(k, { change: { kind: 'pct', pct: v ?? 0 } })}
                />
              )}
              {a.change.kind === 'scenario' && (
                <TextField
                  select
                  size="small"
                  label="Scenario"
                  value={a.change.name}
                  onChange={(e) => setArm(k, { change: { kind: 'scenario', name: e.target.value } })}
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
          )}
          <NumberField
            {...DESIGN_RULES.weight}
            value={a.weight}
            width={100}
            onChange={(v) => setArm(k, { weight: v ?? 1 })}
          />
          {k > 1 && (
            <Button color="error" onClick={() => set({ arms: d.arms.filter((_, i) => i !== k) })}>
              Remove
            </Button>
          )}
        </Box>
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
          value={d.holdout}
          width={130}
          onChange={(v) => set({ holdout: v ?? 0 })}
          testId="holdout"
        />
      </Box>
    </Stack>
  )
}
