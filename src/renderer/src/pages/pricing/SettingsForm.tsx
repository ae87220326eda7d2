import { Box, MenuItem, Stack, TextField, Typography } from '@mui/material'
import type { Guardrails, PriceUnit, PricingSettings } from '../../../../shared/pricing'
import { NumberField } from '../../components/NumberField'
import { GUARDRAIL_FIELDS, pricingRules } from './settings-rules'
import { RoundingRow, type SettingsRowProps } from './RoundingRow'
import type { FieldIssues } from './useOptimize'
import { useReportProblem } from '../../components/FormValidity'
import { CostTableField } from './CostTableField'
import { SegmentCostShares } from './SegmentCostShares'

/** Objective, guardrails and strategy weights: every number the optimizer and the strategies use, editable. */
export function SettingsForm({
  value,
  onChange,
  unit = null,
  sample = true,
  segment = 'category',
  objectiveAuto = false,
  onObjectiveAuto,
  issues = {},
  dataset,
  segments = []
}: {
  /** The dataset's segments, for a cost share per segment. */
  segments?: string[]
  /** The priced dataset: its item column names a cost table's item column. */
  dataset?: string
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
  /** The server's refusal at each field (shown at the field). */
  issues?: FieldIssues
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
  const row = { value, onChange, rules, issues }
  return (
    <Stack spacing={2}>
      <ObjectiveRow {...row} objectiveAuto={objectiveAuto} onObjectiveAuto={onObjectiveAuto} />
      {segments.length > 1 && (
        <SegmentCostShares value={value} onChange={onChange} segments={segments} segment={segment} />
      )}
      {!sample && <CostTableField value={value} onChange={onChange} dataset={dataset} itemWord="item" />}
      <GuardrailRow {...row} />
      <RoundingRow {...row} unit={unit} />
      <StrategyBlend value={value} onChange={onChange} />
    </Stack>
  )
}

/** The objective and the cost and volume shares it uses. */
function ObjectiveRow({
  value,
  onChange,
  rules,
  issues,
  objectiveAuto,
  onObjectiveAuto
}: SettingsRowProps & { objectiveAuto: boolean; onObjectiveAuto?: (auto: boolean) => void }) {
  return (
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
            ? 'Margin where every item has a cost (mapped, a cost table or a cost share)'
            : value.objective === 'revenue'
              ? 'Revenue only: costs are left out'
              : 'Needs a cost column, a cost table or a cost share'
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
        issue={issues.cost_share}
        testId="cost-share"
      />
      <NumberField
        {...rules.min_volume_share}
        value={value.min_volume_share}
        onChange={(v) => onChange({ ...value, min_volume_share: v })}
        issue={issues.min_volume_share}
        testId="min-volume-share"
      />
    </Box>
  )
}

/** The guardrails in one row (min/max price, max change, margin floor, competitor band, segment average). */
function GuardrailRow({ value, onChange, rules, issues }: SettingsRowProps) {
  const g = value.guardrails
  const setG = (patch: Partial<Guardrails>) => onChange({ ...value, guardrails: { ...g, ...patch } })
  return (
    <>
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
            issue={issues[key]}
            testId={key.replace(/_/g, '-')}
          />
        ))}
      </Box>
    </>
  )
}

/** The strategy weights. */
function StrategyBlend({ value, onChange }: Pick<SettingsRowProps, 'value' | 'onChange'>) {
  const w = value.strategies.weights
  const setW = (k: keyof typeof w, v: number | null) =>
    onChange({ ...value, strategies: { ...value.strategies, weights: { ...w, [k]: v ?? 0 } } })
  return (
    <>
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
    </>
  )
}
