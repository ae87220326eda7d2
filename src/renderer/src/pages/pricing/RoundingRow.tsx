// The pricing settings' rounding row: rounding rule and direction, observed range, cross effects, price ladder, locked items.
import { Box, FormControlLabel, MenuItem, Switch, TextField } from '@mui/material'
import type {
  Guardrails,
  PriceUnit,
  PricingSettings,
  RoundingDirection,
  RoundingRule
} from '../../../../shared/pricing'
import { IdListField } from '../../components/IdListField'
import { NumberField } from '../../components/NumberField'
import type { NumberRule } from '../../components/number-rules'
import type { pricingRules } from './settings-rules'
import type { FieldIssues } from './useOptimize'
import { RoundingStep } from './RoundingStep'
import { fixed } from '../../format'

/** Rounding choices in the unit's words; rules that need cents are offered only where prices have cents. */
function roundingChoices(unit: PriceUnit | null): { value: RoundingRule; label: string }[] {
  const name = unit?.kind === 'tokens' ? 'tokens' : 'units'
  const cents = !unit || unit.decimals >= 2
  const all: { value: RoundingRule; label: string; cents?: boolean }[] = [
    {
      value: 'auto',
      label: unit
        ? `Data's grid (${unit.kind === 'tokens' ? 'whole tokens' : unit.decimals > 2 ? fixed(10 ** -unit.decimals, unit.decimals) : unit.decimals === 2 ? 'cents' : 'whole units'})`
        : 'Default for the unit'
    },
    { value: 'none', label: `None (${unit ? `${unit.decimals} decimals` : 'the unit'})` },
    { value: 'cent', label: 'To the cent', cents: true },
    { value: 'whole', label: `Whole ${name}` },
    { value: '99', label: 'Ends in .99', cents: true },
    { value: '95', label: 'Ends in .95', cents: true },
    { value: '49', label: 'Ends in .49 or .99', cents: true },
    { value: '9', label: 'Ends in 9' },
    { value: 'step', label: 'A step of my own (0.05, 0.25…)' }
  ]
  return all.filter((r) => cents || !r.cents)
}
const DEFAULT_TIERS = ['Beginner', 'Intermediate', 'Advanced']

/** What every row of the form gets: the settings, their setter, the fields' rules and the server's issues. */
export interface SettingsRowProps {
  value: PricingSettings
  onChange: (s: PricingSettings) => void
  rules: ReturnType<typeof pricingRules>
  issues: FieldIssues
}

/** Rounding, observed range, cross effects, the price ladder and the locked items. */
export function RoundingRow({
  value,
  onChange,
  rules,
  issues,
  unit
}: SettingsRowProps & { unit: PriceUnit | null }) {
  const g = value.guardrails
  const setG = (patch: Partial<Guardrails>) => onChange({ ...value, guardrails: { ...g, ...patch } })
  return (
    <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center' }}>
      <RuleSelect rounding={g.rounding} onRounding={(rounding) => setG({ rounding })} unit={unit} />
      <RoundingStep
        rounding={g.rounding}
        onRounding={(rounding) => setG({ rounding })}
        decimals={unit?.decimals ?? null}
      />
      <TextField
        select
        size="small"
        label="Round"
        value={g.rounding.direction}
        onChange={(e) =>
          setG({ rounding: { ...g.rounding, direction: e.target.value as RoundingDirection } })
        }
        sx={{ width: 120 }}
      >
        <MenuItem value="nearest">nearest</MenuItem>
        <MenuItem value="up">up</MenuItem>
        <MenuItem value="down">down</MenuItem>
      </TextField>
      <FormControlLabel
        control={
          <Switch
            checked={g.stay_in_observed}
            onChange={(e) => setG({ stay_in_observed: e.target.checked })}
          />
        }
        label="Stay inside observed prices"
      />
      <FormControlLabel
        title="Leave the elasticity run's cross-price effects out: another item's price no longer moves this item's volume (to see what they change)"
        control={
          <Switch
            checked={value.ignore_cross}
            onChange={(e) => onChange({ ...value, ignore_cross: e.target.checked })}
            slotProps={{ input: { 'aria-label': 'Ignore cross effects' } }}
            data-testid="ignore-cross"
          />
        }
        label="Ignore cross effects"
      />
      <LadderChoice
        ladder={g.ladder}
        onLadder={(ladder) => setG({ ladder })}
        rule={rules.min_gap}
        issue={issues.min_gap}
      />
      <IdListField
        label="Locked items (ids, comma-separated)"
        value={g.locked}
        onChange={(locked) => setG({ locked })}
      />
    </Box>
  )
}

/** The price ladder: on with the default tiers, and the gap between tiers. */
function LadderChoice({
  ladder,
  onLadder,
  rule,
  issue
}: {
  ladder: Guardrails['ladder']
  onLadder: (ladder: Guardrails['ladder']) => void
  rule: NumberRule
  issue?: string
}) {
  return (
    <>
      <FormControlLabel
        control={
          <Switch
            checked={ladder !== null}
            onChange={(e) => onLadder(e.target.checked ? { tiers: DEFAULT_TIERS, min_gap: 0.1 } : null)}
          />
        }
        label="Price ladder"
      />
      {ladder && (
        <NumberField
          {...rule}
          label={`Gap ${ladder.tiers.join(' < ')}`}
          value={ladder.min_gap}
          onChange={(v) => onLadder({ tiers: ladder?.tiers ?? DEFAULT_TIERS, min_gap: v ?? 0 })}
          issue={issue}
        />
      )}
    </>
  )
}

/** The rounding rule; choosing a step starts it at the common 0.05 (other rules carry none). */
function RuleSelect({
  rounding,
  onRounding,
  unit
}: {
  rounding: Guardrails['rounding']
  onRounding: (r: Guardrails['rounding']) => void
  unit: PriceUnit | null
}) {
  return (
    <TextField
      select
      size="small"
      label="Rounding"
      value={rounding.rule}
      onChange={(e) => {
        const rule = e.target.value as RoundingRule
        // A step chosen starts at the common 0.05 (the analyst edits it).
        const { step, ...rest } = rounding
        // Other rules carry no step (as the defaults), so going back to one leaves the settings as they were.
        onRounding(rule === 'step' ? { ...rest, rule, step: step ?? 0.05 } : { ...rest, rule })
      }}
      sx={{ width: 240 }}
      slotProps={{ htmlInput: { 'data-testid': 'rounding' } }}
    >
      {roundingChoices(unit).map((r) => (
        <MenuItem key={r.value} value={r.value}>
          {r.label}
        </MenuItem>
      ))}
    </TextField>
  )
}
