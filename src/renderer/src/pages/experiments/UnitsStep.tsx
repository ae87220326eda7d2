// The wizard's first step: the experiment's name, its units (and their dataset and column), metric and start date.
import { Box, MenuItem, TextField } from '@mui/material'
import type { ExperimentDesign } from '../../../../shared/experiments'
import { EDTECH_SAMPLE, useDataset } from '../../data/DatasetContext'
import type { DesignDatasets } from './wizard-sources'

export function UnitsStep({
  d,
  set,
  datasets
}: {
  d: ExperimentDesign
  set(patch: Partial<ExperimentDesign>): void
  datasets: DesignDatasets
}) {
  const app = useDataset()
  const { itemOf } = datasets
  // Courses and learners are the EdTech sample's units: offered only where the project has it.
  const hasSample = app.sources.some((x) => x.id === EDTECH_SAMPLE)
  const chooseUnits = (units: ExperimentDesign['units']) => {
    const dataset = units === 'items' ? (d.dataset ?? datasets.names[0] ?? null) : null
    // The app's dataset follows: the items' dataset, or the EdTech sample for its courses and learners.
    if (dataset) app.setDataset(dataset)
    else if (hasSample) app.setDataset(EDTECH_SAMPLE)
    set({
      units,
      dataset,
      metric: units === 'learners' ? 'conversion' : 'revenue',
      stratify: units === 'learners' ? 'none' : 'category',
      cluster: false,
      unit_column: null,
      cluster_by: null,
      arms: d.arms.map((a) =>
        units !== 'learners' || a.change.kind === 'none' || a.change.kind === 'pct'
          ? a
          : { ...a, change: { kind: 'pct', pct: -10 } }
      )
    })
  }
  return (
    <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
      <TextField
        size="small"
        label="Experiment name"
        value={d.name}
        onChange={(e) => set({ name: e.target.value })}
        slotProps={{ htmlInput: { 'data-testid': 'experiment-name' } }}
      />
      <TextField
        select
        size="small"
        label="Units"
        value={d.units}
        onChange={(e) => chooseUnits(e.target.value as ExperimentDesign['units'])}
        sx={{ width: 270 }}
      >
        {/* The EdTech sample's units are offered only where the project has it: a store panel sees its own. */}
        {hasSample && <MenuItem value="courses">Courses (prices per course)</MenuItem>}
        {hasSample && <MenuItem value="learners">Learners (prices they see)</MenuItem>}
        <MenuItem value="items" disabled={!datasets.names.length}>
          {d.units === 'items' && d.dataset
            ? `Rows of ${d.dataset} (by ${d.unit_column ?? itemOf[d.dataset] ?? 'item'})`
            : 'Items of an imported dataset'}
        </MenuItem>
      </TextField>
      <ItemsChoice d={d} set={set} datasets={datasets} />
      <MetricSelect d={d} set={set} datasets={datasets} />
      <TextField
        size="small"
        type="date"
        label="Start date"
        value={d.start_date ?? ''}
        onChange={(e) => set({ start_date: e.target.value || null })}
        slotProps={{ inputLabel: { shrink: true } }}
      />
    </Box>
  )
}

/** Items of an imported dataset: which dataset, and the column whose values are randomized. */
function ItemsChoice({
  d,
  set,
  datasets
}: {
  d: ExperimentDesign
  set(patch: Partial<ExperimentDesign>): void
  datasets: DesignDatasets
}) {
  const app = useDataset()
  const { itemOf, idColumnsOf } = datasets
  return (
    <>
      {d.units === 'items' && d.dataset && (
        <TextField
          select
          size="small"
          label="Unit (what is randomized)"
          value={d.unit_column ?? ''}
          onChange={(e) => set({ unit_column: e.target.value || null, stratify: 'none', cluster_by: null })}
          sx={{ width: 220 }}
          slotProps={{ htmlInput: { 'data-testid': 'unit-column' } }}
        >
          <MenuItem value="">{`${itemOf[d.dataset] ?? 'item'} (one price each)`}</MenuItem>
          {(idColumnsOf[d.dataset] ?? []).map((c) => (
            <MenuItem key={c} value={c}>
              {c}
            </MenuItem>
          ))}
        </TextField>
      )}
      {d.units === 'items' && (
        <TextField
          select
          size="small"
          label="Dataset"
          value={d.dataset ?? ''}
          onChange={(e) => {
            set({ dataset: e.target.value })
            // One dataset for the whole app: the app bar (and the saved list) follow the wizard's choice.
            app.setDataset(e.target.value)
          }}
          sx={{ width: 200 }}
        >
          {datasets.names.map((x) => (
            <MenuItem key={x} value={x}>
              {x}
            </MenuItem>
          ))}
        </TextField>
      )}
    </>
  )
}

/** The metric, named in the units' and the dataset's words. */
function MetricSelect({
  d,
  set,
  datasets
}: {
  d: ExperimentDesign
  set(patch: Partial<ExperimentDesign>): void
  datasets: DesignDatasets
}) {
  const { itemOf, periodOf } = datasets
  return (
    <TextField
      select
      size="small"
      label="Metric"
      value={d.metric}
      onChange={(e) => set({ metric: e.target.value as ExperimentDesign['metric'] })}
      sx={{ width: 290 }}
    >
      <MenuItem value="revenue">
        {d.units === 'courses'
          ? 'Revenue per course-week'
          : d.units === 'items'
            ? `Revenue per ${d.unit_column ?? (d.dataset ? itemOf[d.dataset] : null) ?? 'item'} and ${(d.dataset ? periodOf[d.dataset] : null) ?? 'period'}`
            : 'Revenue per learner (30 days)'}
      </MenuItem>
      {d.units === 'learners' && (
        <MenuItem value="conversion">Conversion (learner enrolls in 30 days)</MenuItem>
      )}
    </TextField>
  )
}
