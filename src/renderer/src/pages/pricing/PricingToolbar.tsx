// The Pricing page's top row (the dataset is the app bar's): demand curve and model, and the optimize and export buttons.
import { Box, Button, MenuItem, TextField, Typography } from '@mui/material'
import { MODEL_LABELS, type ModelKind } from '../../../../shared/elasticity'
import type { DemandKind } from '../../../../shared/pricing/lists'
import type { PricingRun, PricingSettings } from '../../../../shared/pricing'

export function PricingToolbar({
  settings,
  onSettings,
  model,
  models,
  onModel,
  run,
  optimizeLabel,
  optimizeDisabled,
  onOptimize,
  onExportSheet,
  onExportWorkbook,
  exportBlocked
}: {
  settings: PricingSettings | null
  onSettings(s: PricingSettings): void
  model: ModelKind | 'best'
  models: ModelKind[]
  onModel(m: ModelKind | 'best'): void
  run: PricingRun | null
  optimizeLabel: string
  optimizeDisabled: boolean
  onOptimize(): void
  onExportSheet(): void
  onExportWorkbook(): void
  /** Why the sheet cannot be exported now (stale, invalid, refused, none); null: it can. */
  exportBlocked: string | null
}) {
  return (
    <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', mb: 2, flexWrap: 'wrap' }}>
      <DemandChoice
        settings={settings}
        onSettings={onSettings}
        model={model}
        models={models}
        onModel={onModel}
      />
      <Button variant="contained" onClick={onOptimize} disabled={optimizeDisabled} data-testid="optimize">
        {optimizeLabel}
      </Button>
      <Button
        variant="outlined"
        onClick={onExportSheet}
        disabled={!!exportBlocked}
        data-testid="export-sheet"
      >
        Export price sheet
      </Button>
      <Button
        variant="outlined"
        onClick={onExportWorkbook}
        disabled={!!exportBlocked}
        data-testid="export-workbook"
      >
        Export workbook
      </Button>
      {exportBlocked && run && (
        <Typography variant="body2" color="text.secondary" data-testid="export-blocked">
          Export waits: {exportBlocked}.
        </Typography>
      )}
    </Box>
  )
}

/** The demand curve and the model that gives it (or the baseline the causal curve scales). */
function DemandChoice({
  settings,
  onSettings,
  model,
  models,
  onModel
}: {
  settings: PricingSettings | null
  onSettings(s: PricingSettings): void
  model: ModelKind | 'best'
  models: ModelKind[]
  onModel(m: ModelKind | 'best'): void
}) {
  return (
    <>
      {settings && (
        <TextField
          select
          size="small"
          label="Demand curve"
          value={settings.demand}
          onChange={(e) => onSettings({ ...settings, demand: e.target.value as DemandKind })}
          sx={{ width: 300 }}
        >
          <MenuItem value="causal">Causal: model level × (p/p₀)^ε</MenuItem>
          <MenuItem value="model">The model&apos;s own curve</MenuItem>
        </TextField>
      )}
      <TextField
        select
        size="small"
        label={settings?.demand === 'model' ? 'Demand model' : 'Baseline model'}
        value={model}
        onChange={(e) => onModel(e.target.value as ModelKind | 'best')}
        sx={{ width: 220 }}
      >
        <MenuItem value="best">Best of the latest run</MenuItem>
        {models.map((m) => (
          <MenuItem key={m} value={m}>
            {MODEL_LABELS[m]}
          </MenuItem>
        ))}
      </TextField>
    </>
  )
}
