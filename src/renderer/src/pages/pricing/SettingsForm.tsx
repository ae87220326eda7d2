import { Box, FormControlLabel, MenuItem, Stack, Switch, TextField, Typography } from '@mui/material'
import type { PricingSettings } from '../../../../core/pricing/store'
import type { Guardrails } from '../../../../core/pricing/guardrails'
import type { RoundingDirection, RoundingRule } from '../../../../core/pricing/rounding'
import { NumberField } from '../../components/NumberField'

const ROUNDING: { value: RoundingRule; label: string }[] = [
  { value: 'none', label: 'None (cents)' },
  { value: 'whole', label: 'Whole tokens' },
  { value: '99', label: 'Ends in .99' },
  { value: '95', label: 'Ends in .95' },
  { value: '9', label: 'Ends in 9' }
]
const DEFAULT_TIERS = ['Beginner', 'Intermediate', 'Advanced']

/** Objective, guardrails and strategy weights: every number the optimizer and the strategies use, editable. */
export function SettingsForm({
  value,
  onChange
}: {
  value: PricingSettings
  onChange: (s: PricingSettings) => void
}) {
  const g = value.guardrails
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
          value={value.objective}
          onChange={(e) => onChange({ ...value, objective: e.target.value as 'revenue' | 'margin' })}
          sx={{ width: 160 }}
          slotProps={{ htmlInput: { 'data-testid': 'objective' } }}
        >
          <MenuItem value="revenue">Revenue</MenuItem>
          <MenuItem value="margin">Margin</MenuItem>
        </TextField>
        <NumberField
          label="Unit cost (share of price)"
          value={value.cost_share}
          scale={100}
          unit="%"
          width={200}
          onChange={(v) => onChange({ ...value, cost_share: v })}
        />
        <NumberField
          label="Keep enrollments ≥"
          value={value.min_volume_share}
          scale={100}
          unit="% of today"
          width={200}
          onChange={(v) => onChange({ ...value, min_volume_share: v })}
        />
      </Box>
      <Typography variant="subtitle2">
        Guardrails (the most restrictive wins; the margin floor always does)
      </Typography>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <NumberField
          label="Min price"
          value={g.min_price}
          unit="tk"
          onChange={(v) => setG({ min_price: v })}
          testId="min-price"
        />
        <NumberField
          label="Max price"
          value={g.max_price}
          unit="tk"
          onChange={(v) => setG({ max_price: v })}
          testId="max-price"
        />
        <NumberField
          label="Max increase"
          value={g.max_increase}
          scale={100}
          unit="%"
          onChange={(v) => setG({ max_increase: v })}
          testId="max-increase"
        />
        <NumberField
          label="Max decrease"
          value={g.max_decrease}
          scale={100}
          unit="%"
          onChange={(v) => setG({ max_decrease: v })}
          testId="max-decrease"
        />
        <NumberField
          label="Margin floor over cost"
          value={g.margin_floor}
          scale={100}
          unit="%"
          width={180}
          onChange={(v) => setG({ margin_floor: v })}
        />
        <NumberField
          label="Band around category avg"
          value={g.competitor_band}
          scale={100}
          unit="±%"
          width={190}
          onChange={(v) => setG({ competitor_band: v })}
        />
        <NumberField
          label="Category avg change"
          value={g.category_avg_change}
          scale={100}
          unit="±%"
          width={170}
          onChange={(v) => setG({ category_avg_change: v })}
        />
      </Box>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <TextField
          select
          size="small"
          label="Charm rounding"
          value={g.rounding.rule}
          onChange={(e) => setG({ rounding: { ...g.rounding, rule: e.target.value as RoundingRule } })}
          sx={{ width: 160 }}
        >
          {ROUNDING.map((r) => (
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
            label={`Gap ${g.ladder.tiers.join(' < ')}`}
            value={g.ladder.min_gap}
            scale={100}
            unit="%"
            width={300}
            nullable={false}
            onChange={(v) => setG({ ladder: { tiers: g.ladder?.tiers ?? DEFAULT_TIERS, min_gap: v ?? 0 } })}
          />
        )}
        <TextField
          size="small"
          label="Locked items (ids, comma-separated)"
          value={g.locked.join(', ')}
          onChange={(e) =>
            setG({
              locked: e.target.value
                .split(',')
                .map((x) => x.trim())
                .filter(Boolean)
            })
          }
          sx={{ width: 260 }}
        />
      </Box>
      <Typography variant="subtitle2">
        Strategy blend (seed: 0.4 elasticity, 0.3 competitive, 0.3 lifecycle; time on top)
      </Typography>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        {(['elasticity', 'competitive', 'lifecycle', 'time'] as const).map((k) => (
          <NumberField
            key={k}
            label={`Weight: ${k}`}
            value={w[k]}
            nullable={false}
            width={140}
            onChange={(v) => setW(k, v)}
          />
        ))}
      </Box>
    </Stack>
  )
}
