// The scenario being edited: its name and type, its price changes, the market assumptions, and Save.
import { Box, Button, IconButton, MenuItem, Stack, TextField } from '@mui/material'
import type { ScenarioChange, ScenarioSpec } from '../../../../shared/pricing'
import { InvalidReason, type FormValidity } from '../../components/FormValidity'
import { NumberField } from '../../components/NumberField'
import { capitalize, SCENARIO_RULES as RULES } from './settings-rules'

export function ScenarioEditor({
  draft,
  onDraft,
  categories,
  segment,
  sheet,
  validity,
  onSave,
  onNew
}: {
  draft: ScenarioSpec
  onDraft(d: ScenarioSpec): void
  categories: string[]
  segment: string
  /** The dataset's latest price sheet, whose prices an "optimized" scenario forecasts (null: none yet). */
  sheet: { dataset: string; runId: number | null }
  validity: FormValidity
  onSave(): void
  onNew(): void
}) {
  const setChange = (k: number, patch: Partial<ScenarioChange>) =>
    onDraft({ ...draft, changes: draft.changes.map((c, i) => (i === k ? { ...c, ...patch } : c)) })
  return (
    <Stack spacing={1.5} sx={{ flex: 1, minWidth: 420 }}>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <TextField
          size="small"
          label="Scenario name"
          value={draft.name}
          onChange={(e) => onDraft({ ...draft, name: e.target.value })}
          slotProps={{ htmlInput: { 'data-testid': 'scenario-name' } }}
        />
        <KindSelect draft={draft} onDraft={onDraft} sheet={sheet} />
      </Box>
      {draft.kind === 'changes' &&
        draft.changes.map((c, k) => (
          <ChangeRow
            key={k}
            index={k}
            change={c}
            categories={categories}
            segment={segment}
            onChange={(patch) => setChange(k, patch)}
            onRemove={() => onDraft({ ...draft, changes: draft.changes.filter((_, i) => i !== k) })}
          />
        ))}
      {draft.kind === 'changes' && (
        <Box>
          <Button size="small" onClick={() => onDraft(withChangeAdded(draft, categories))}>
            Add a change
          </Button>
        </Box>
      )}
      <MarketAssumptions draft={draft} onDraft={onDraft} />
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button
          variant="outlined"
          onClick={onSave}
          disabled={!draft.name.trim() || !validity.valid}
          data-testid="save-scenario"
        >
          Save scenario
        </Button>
        <Button onClick={onNew}>New</Button>
      </Box>
      <InvalidReason validity={validity} testId="scenario-invalid" />
    </Stack>
  )
}

/** A new change (a segment, +10%) below the others. */
const withChangeAdded = (draft: ScenarioSpec, categories: string[]): ScenarioSpec => ({
  ...draft,
  changes: [...draft.changes, { scope: 'category', key: categories[0] ?? null, change_pct: 10 }]
})

/** What the market does meanwhile: its growth, the competitor's move, and how much items take from each other. */
function MarketAssumptions({ draft, onDraft }: { draft: ScenarioSpec; onDraft(d: ScenarioSpec): void }) {
  return (
    <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
      <NumberField
        {...RULES.market_growth_pct}
        value={draft.market_growth_pct}
        onChange={(v) => onDraft({ ...draft, market_growth_pct: v ?? 0 })}
      />
      <NumberField
        {...RULES.competitor_move_pct}
        value={draft.competitor_move_pct}
        onChange={(v) => onDraft({ ...draft, competitor_move_pct: v ?? 0 })}
      />
      <NumberField
        {...RULES.cross_elasticity}
        value={draft.cross_elasticity}
        onChange={(v) => onDraft({ ...draft, cross_elasticity: v ?? 0 })}
      />
    </Box>
  )
}

function ChangeRow({
  index: k,
  change: c,
  categories,
  segment,
  onChange,
  onRemove
}: {
  index: number
  change: ScenarioChange
  categories: string[]
  segment: string
  onChange(patch: Partial<ScenarioChange>): void
  onRemove(): void
}) {
  return (
    <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
      <TextField
        select
        size="small"
        label="Applies to"
        value={c.scope}
        onChange={(e) =>
          onChange({
            scope: e.target.value as ScenarioChange['scope'],
            key: e.target.value === 'category' ? (categories[0] ?? null) : null
          })
        }
        sx={{ width: 130 }}
      >
        <MenuItem value="all">All items</MenuItem>
        <MenuItem value="category">{capitalize(segment)}</MenuItem>
        <MenuItem value="item">Item</MenuItem>
      </TextField>
      {c.scope === 'category' && (
        <TextField
          select
          size="small"
          label={capitalize(segment)}
          value={c.key ?? ''}
          onChange={(e) => onChange({ key: e.target.value })}
          sx={{ width: 200 }}
        >
          {categories.map((x) => (
            <MenuItem key={x} value={x}>
              {x}
            </MenuItem>
          ))}
        </TextField>
      )}
      {c.scope === 'item' && (
        <TextField
          size="small"
          label="Item id"
          value={c.key ?? ''}
          onChange={(e) => onChange({ key: e.target.value })}
          sx={{ width: 120 }}
        />
      )}
      <NumberField
        {...RULES.change_pct}
        value={c.change_pct}
        width={120}
        onChange={(v) => onChange({ change_pct: v ?? 0 })}
        testId={`change-${k}`}
      />
      <IconButton size="small" title="Remove" onClick={onRemove}>
        ✕
      </IconButton>
    </Box>
  )
}

/** The scenario's type; an optimized one forecasts the dataset's latest sheet, offered once there is one. */
function KindSelect({
  draft,
  onDraft,
  sheet
}: {
  draft: ScenarioSpec
  onDraft(d: ScenarioSpec): void
  sheet: { dataset: string; runId: number | null }
}) {
  return (
    <TextField
      select
      size="small"
      label="Type"
      value={draft.kind}
      onChange={(e) => onDraft({ ...draft, kind: e.target.value as ScenarioSpec['kind'] })}
      sx={{ width: 300 }}
    >
      <MenuItem value="changes">Price changes</MenuItem>
      <MenuItem value="optimized" disabled={sheet.runId === null} data-testid="scenario-kind-optimized">
        {sheet.runId === null
          ? `Optimized prices (optimize ${sheet.dataset} first)`
          : `Optimized prices (${sheet.dataset}'s sheet, run ${sheet.runId})`}
      </MenuItem>
      <MenuItem value="personalized">Personalized (propensity offers)</MenuItem>
    </TextField>
  )
}
