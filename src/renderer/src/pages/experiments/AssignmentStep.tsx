import { IdListField } from '../../components/IdListField'
import { useState } from 'react'
import { Box, Button, FormControlLabel, MenuItem, Switch, TextField } from '@mui/material'
import type { ExperimentDesign } from '../../../../shared/experiments'
import { NumberField } from '../../components/NumberField'
import { fieldIssues } from '../../components/number-rules'
import { DESIGN_RULES } from './design-rules'

/** Stratifications by unit kind (an imported dataset's 'category' is its own segment column). */
const STRATA: Record<ExperimentDesign['units'], { value: ExperimentDesign['stratify']; label: string }[]> = {
  courses: [
    { value: 'none', label: 'None (complete randomization)' },
    { value: 'category', label: 'Category' },
    { value: 'tier', label: 'Difficulty tier' },
    { value: 'price_tier', label: 'Price tier (terciles)' }
  ],
  learners: [
    { value: 'none', label: 'None (complete randomization)' },
    { value: 'segment', label: 'Propensity segment' }
  ],
  items: [
    { value: 'none', label: 'None (complete randomization)' },
    { value: 'category', label: 'The dataset’s segment column' },
    { value: 'price_tier', label: 'Price tier (terciles)' }
  ]
}

/** The wizard's assignment: stratification, clustering, seed, pinned and excluded units. */
export function AssignmentStep({
  d,
  set,
  segment,
  columns,
  recommended,
  canCompute,
  onRerandomize,
  refusal
}: {
  d: ExperimentDesign
  set: (patch: Partial<ExperimentDesign>) => void
  /** The imported dataset's segment column, if any (named in the stratification choice). */
  segment: string | undefined
  /** Imported datasets: the columns whose values can be randomized whole (a store). */
  columns: string[]
  /** The column the plan found units share (their store): the cluster that protects against cannibalization. */
  recommended: string | null
  /** False while a field of the wizard is invalid: re-randomizing waits. */
  canCompute: boolean
  onRerandomize: (seed: number) => void
  /** The server's last refusal of this design: its issues are shown at their fields. */
  refusal?: unknown
}) {
  return (
    <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center' }}>
      <TextField
        select
        size="small"
        label="Stratify by"
        value={d.stratify}
        onChange={(e) => set({ stratify: e.target.value as ExperimentDesign['stratify'] })}
        sx={{ width: 240 }}
      >
        {STRATA[d.units].map((s) => (
          <MenuItem key={s.value} value={s.value}>
            {d.units === 'items' && s.value === 'category' && segment ? `Segment: ${segment}` : s.label}
          </MenuItem>
        ))}
      </TextField>
      {d.units === 'items' && <ItemsGrouping d={d} set={set} columns={columns} recommended={recommended} />}
      {d.units === 'courses' && (
        <FormControlLabel
          control={<Switch checked={d.cluster} onChange={(e) => set({ cluster: e.target.checked })} />}
          label="All courses of a teacher in one arm"
        />
      )}
      <NumberField
        {...DESIGN_RULES.seed}
        issue={fieldIssues(refusal, DESIGN_RULES).seed}
        value={d.seed}
        width={110}
        onChange={(v) => set({ seed: v ?? 0 })}
        testId="seed"
      />
      <Button
        disabled={!canCompute}
        onClick={() => {
          const seed = d.seed + 1
          set({ seed })
          onRerandomize(seed)
        }}
      >
        Re-randomize
      </Button>
      <PinnedUnits onPinned={(pinned) => set({ pinned })} />
      <IdListField
        label="Exclude (ids; default: locked items)"
        value={d.exclude}
        onChange={(exclude) => set({ exclude })}
      />
    </Box>
  )
}

/** Item units: the column randomized whole (a store) and the schedule (fixed or switchback). */
function ItemsGrouping({
  d,
  set,
  columns,
  recommended
}: {
  d: ExperimentDesign
  set: (patch: Partial<ExperimentDesign>) => void
  columns: string[]
  recommended: string | null
}) {
  return (
    <>
      <TextField
        select
        size="small"
        label="Randomize together (cluster)"
        value={d.cluster_by ?? ''}
        onChange={(e) => set({ cluster_by: e.target.value || null })}
        sx={{ width: 260 }}
        helperText={
          recommended
            ? `Recommended: ${recommended}. Units sharing a ${recommended} take volume from each other; whole ${recommended}s in one arm keep that out of the comparison.`
            : undefined
        }
        slotProps={{ htmlInput: { 'data-testid': 'cluster-by' } }}
      >
        <MenuItem value="">None (each unit on its own)</MenuItem>
        {columns
          .filter((c) => c !== d.unit_column)
          .map((c) => (
            <MenuItem key={c} value={c}>
              {c}
              {c === recommended ? ' (recommended)' : ''}
            </MenuItem>
          ))}
      </TextField>
      <TextField
        select
        size="small"
        label="Schedule"
        value={d.schedule}
        onChange={(e) => set({ schedule: e.target.value as ExperimentDesign['schedule'] })}
        sx={{ width: 250 }}
        slotProps={{ htmlInput: { 'data-testid': 'schedule' } }}
      >
        <MenuItem value="fixed">Fixed arms for the whole test</MenuItem>
        <MenuItem value="switchback">Switchback (arms alternate each period)</MenuItem>
      </TextField>
    </>
  )
}

/** Units pinned to an arm, typed as "id=arm" lines (the text stays as typed; complete lines are passed on). */
function PinnedUnits({ onPinned }: { onPinned: (pinned: ExperimentDesign['pinned']) => void }) {
  const [pins, setPins] = useState('')
  return (
    <TextField
      size="small"
      label="Pinned units (id=arm, one per line)"
      multiline
      minRows={1}
      value={pins}
      onChange={(e) => {
        setPins(e.target.value)
        onPinned(
          e.target.value
            .split('\n')
            .map((l) => l.split('='))
            .filter((p) => p.length === 2 && p[0].trim() && p[1].trim())
            .map(([unit, arm]) => ({ unit: unit.trim(), arm: arm.trim() }))
        )
      }}
      sx={{ width: 260 }}
    />
  )
}
