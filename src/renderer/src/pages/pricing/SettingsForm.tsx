import { IdListField } from '../../components/IdListField'
import { Box, FormControlLabel, MenuItem, Stack, Switch, TextField, Typography } from '@mui/material'
import type { PricingSettings } from '../../../../shared/pricing'
import type { Guardrails } from '../../../../shared/pricing'
import type { RoundingDirection, RoundingRule } from '../../../../shared/pricing'
import { NumberField } from '../../components/NumberField'
import type { PriceUnit } from '../../../../shared/pricing'
import { GUARDRAIL_FIELDS, pricingRules } from './settings-rules'
import { useReportProblem } from '../../components/FormValidity'

/** Rounding choices in the unit's words; rules that need cents are offered only where prices have cents. */
function roundingChoices(unit: PriceUnit | null): { value: RoundingRule; label: string }[] {
  const name = unit?.kind === 'tokens' ? 'tokens' : 'units'
  const cents = !unit || unit.decimals >= 2
  const all: { value: RoundingRule; label: string; cents?: boolean }[] = [
    {
      value: 'auto',
      label: unit
        ? `Data's grid (${unit.kind === 'tokens' ? 'whole tokens' : unit.decimals > 2 ? (10 ** -unit.decimals).toFixed(unit.decimals) : unit.decimals === 2 ? 'cents' : 'whole units'})`
        : 'Default for the unit'
    },
    { value: 'none', label: `None (${unit ? `${unit.decimals} decimals` : 'the unit'})` },
    { value: 'cent', label: 'To the cent', cents: true },
    { value: 'whole', label: `Whole ${name}` },
    { value: '99', label: 'Ends in .99', cents: true },
    { value: '95', label: 'Ends in .95', cents: true },
    { value: '49', label: 'Ends in .49 or .99', cents: true },
    { value: '9', label: 'Ends in 9' }
  ]
  return all.filter((r) => cents || !r.cents)
}
const DEFAULT_TIERS = ['Beginner', 'Intermediate', 'Advanced']

/** Objective, guardrails and strategy weights: every number the optimizer and the strategies use, editable. */
export function SettingsForm({
  value,
  onChange,
  unit = null,
  sample = true,
  segment = 'category',
  objectiveAuto = false,
  onObjectiveAuto
}: {
  value: PricingSettings
  onChange: (s: PricingSettings) => void
  /** The objective follows the data: margin where a cost is mapped or a cost share set, else revenue. */
  objectiveAuto?: boolean
  onObjectiveAuto?: (auto: boolean) => void
  /** The priced dataset's unit, once known (labels and rounding choices follow it). */
  unit?: PriceUnit | null
  /** The EdTech sample names its quantity "enrollments". */
  sample?: boolean
  /** What the dataset's segment column is called: labels say "brand avg", not "category avg", for a brand. */
  segment?: string
}) {
  const rules = pricingRules({
    segment,
    priceUnit: unit ? (unit.kind === 'tokens' ? unit.short || unit.label : '') : '',
    quantity: sample ? 'enrollments' : 'quantity'
  })
  const g = value.guardrails
  // Limits that exclude each other block the form here, before the server refuses them.
  useReportProblem(
    g.min_price !== null && g.max_price !== null && g.min_price > g.max_price
      ? { label: 'Min price', message: 'Min price must be at most the max price' }
      : null
  )
  const setG = (patch: Partial<Guardrails>) => onChange({ ...value, guardrails: { ...g, ...patch } })
  const w = value.strategies.weights
  const setW = (k: keyof typeof w, v: number | null) =>
    onChange({ ...value, strategies: { ...value.strategies, weights: { ...w, [k]: v ?? 0 } } })
  return (
    <Stack spacing={2}>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <TextField
          select
          size="small"
          label="Objective"
          value={objectiveAuto ? 'auto' : value.objective}
          onChange={(e) => {
            const v = e.target.value
            onObjectiveAuto?.(v === 'auto')
            if (v !== 'auto') onChange({ ...value, objective: v as 'revenue' | 'margin' })
          }}
          sx={{ width: 260 }}
          helperText={
            objectiveAuto
              ? 'Margin where costs are mapped or a cost share is set'
              : value.objective === 'revenue'
                ? 'Revenue only: costs are left out'
                : 'Needs a cost column or a cost share'
          }
          slotProps={{ htmlInput: { 'data-testid': 'objective' } }}
        >
          {onObjectiveAuto && <MenuItem value="auto">Profit first</MenuItem>}
          <MenuItem value="revenue">Revenue (no costs)</MenuItem>
          <MenuItem value="margin">Margin</MenuItem>
        </TextField>
        <NumberField
          {...rules.cost_share}
          value={value.cost_share}
          onChange={(v) => onChange({ ...value, cost_share: v })}
          testId="cost-share"
        />
        <NumberField
          {...rules.min_volume_share}
          value={value.min_volume_share}
          onChange={(v) => onChange({ ...value, min_volume_share: v })}
          testId="min-volume-share"
        />
      </Box>
      <Typography variant="subtitle2">
        Guardrails (the most restrictive wins; the margin floor always does)
      </Typography>
      {/* Top-aligned: a field's error line under it must not lift it out of the row. */}
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        {GUARDRAIL_FIELDS.map((key) => (
          <NumberField
            key={key}
            {...rules[key]}
            value={g[key]}
            onChange={(v) => setG({ [key]: v })}
            testId={key.replace(/_/g, '-')}
          />
        ))}
      </Box>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <TextField
          select
          size="small"
          label="Rounding"
          value={g.rounding.rule}
          onChange={(e) => setG({ rounding: { ...g.rounding, rule: e.target.value as RoundingRule } })}
          sx={{ width: 240 }}
          slotProps={{ htmlInput: { 'data-testid': 'rounding' } }}
        >
          {roundingChoices(unit).map((r) => (
            <MenuItem key={r.value} value={r.value}>
              {r.label}
            </MenuItem>
          ))}
        </TextField>
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
        <FormControlLabel
          control={
            <Switch
              checked={g.ladder !== null}
              onChange={(e) =>
                setG({ ladder: e.target.checked ? { tiers: DEFAULT_TIERS, min_gap: 0.1 } : null })
              }
            />
          }
          label="Price ladder"
        />
        {g.ladder && (
          <NumberField
            {...rules.min_gap}
            label={`Gap ${g.ladder.tiers.join(' < ')}`}
            value={g.ladder.min_gap}
            onChange={(v) => setG({ ladder: { tiers: g.ladder?.tiers ?? DEFAULT_TIERS, min_gap: v ?? 0 } })}
          />
        )}
        <IdListField
          label="Locked items (ids, comma-separated)"
          value={g.locked}
          onChange={(locked) => setG({ locked })}
        />
      </Box>
      <Typography variant="subtitle2">
        Strategy blend (default: 0.4 elasticity, 0.3 competitive, 0.3 lifecycle; time on top)
      </Typography>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        {(['elasticity', 'competitive', 'lifecycle', 'time'] as const).map((k) => (
          <NumberField
            key={k}
            label={`Weight: ${k}`}
            value={w[k]}
            nullable={false}
            min={0}
            width={140}
            onChange={(v) => setW(k, v)}
          />
        ))}
      </Box>
    </Stack>
  )
}
