// The Pricing page's top row: dataset, demand curve and model, and the optimize and export buttons.
import { Box, Button, MenuItem, TextField } from '@mui/material'
import type { ElasticitySource } from '../../../../shared/elasticity/results'
import { MODEL_LABELS, type ModelKind } from '../../../../shared/elasticity'
import type { DemandKind } from '../../../../shared/pricing/lists'
import type { PricingRun, PricingSettings } from '../../../../shared/pricing'

export function PricingToolbar({
  sources,
  dataset,
  onDataset,
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
  onExportWorkbook
}: {
  sources: ElasticitySource[]
  dataset: string
  onDataset(id: string): void
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
}) {
  return (
    <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', mb: 2, flexWrap: 'wrap' }}>
      <TextField
        select
        size="small"
        label="Dataset"
        value={dataset}
        onChange={(e) => onDataset(e.target.value)}
        sx={{ width: 240 }}
        slotProps={{ htmlInput: { 'data-testid': 'pricing-dataset' } }}
      >
        {sources.map((x) => (
          <MenuItem key={x.id} value={x.id}>
            {x.label}
          </MenuItem>
        ))}
      </TextField>
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
      <Button variant="outlined" onClick={onExportSheet} disabled={!run || !!run.refused}>
        Export price sheet
      </Button>
      <Button
        variant="outlined"
        onClick={onExportWorkbook}
        disabled={!run || !!run.refused}
        data-testid="export-workbook"
      >
        Export workbook
      </Button>
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
