// The panel import's destination: a new dataset (its name, and replacing a taken one) or a sample table.
import { Box, Checkbox, FormControlLabel, MenuItem, Radio, RadioGroup, TextField } from '@mui/material'
import { SEED_TABLES, type SeedTable } from '../../../../shared/data'

export interface TargetChoice {
  target: 'dataset' | 'table'
  name: string
  table: SeedTable
  mode: 'append' | 'replace'
  replace: boolean
}

export function ImportTargetChoice({
  choice,
  onChange,
  nameError,
  showReplace
}: {
  choice: TargetChoice
  onChange(patch: Partial<TargetChoice>): void
  nameError: string | null
  /** The name is taken (or the import said so): offer to replace that dataset. */
  showReplace: boolean
}) {
  const { target, name, table, mode, replace } = choice
  return (
    <>
      <RadioGroup
        row
        value={target}
        onChange={(e) => onChange({ target: e.target.value as 'dataset' | 'table' })}
      >
        <FormControlLabel value="dataset" control={<Radio size="small" />} label="New dataset" />
        <FormControlLabel value="table" control={<Radio size="small" />} label="Into a sample table" />
      </RadioGroup>
      {target === 'dataset' ? (
        <Box sx={{ display: 'flex', gap: 2, mb: 2, alignItems: 'flex-start' }}>
          <TextField
            size="small"
            label="Dataset name"
            value={name}
            onChange={(e) => onChange({ name: e.target.value, replace: false })}
            error={!!nameError}
            helperText={nameError ?? ' '}
            sx={{ width: 320 }}
            slotProps={{ htmlInput: { 'data-testid': 'dataset-name' } }}
          />
          {showReplace && (
            <FormControlLabel
              control={
                <Checkbox
                  size="small"
                  checked={replace}
                  onChange={(e) => onChange({ replace: e.target.checked })}
                  slotProps={{ input: { 'aria-label': 'Replace the existing dataset' } }}
                  data-testid="dataset-replace"
                />
              }
              label={`Replace the existing "${name.trim()}" (its rows are deleted)`}
            />
          )}
        </Box>
      ) : (
        <SampleTableTarget table={table} mode={mode} onChange={onChange} />
      )}
    </>
  )
}

function SampleTableTarget({
  table,
  mode,
  onChange
}: {
  table: SeedTable
  mode: 'append' | 'replace'
  onChange(patch: Partial<TargetChoice>): void
}) {
  return (
    <Box sx={{ display: 'flex', gap: 2, mb: 2 }}>
      <TextField
        select
        size="small"
        label="Table"
        value={table}
        onChange={(e) => onChange({ table: e.target.value as SeedTable })}
        sx={{ width: 240 }}
      >
        {SEED_TABLES.map((t) => (
          <MenuItem key={t} value={t}>
            {t}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        size="small"
        label="Mode"
        value={mode}
        onChange={(e) => onChange({ mode: e.target.value as 'append' | 'replace' })}
        sx={{ width: 160 }}
      >
        <MenuItem value="append">Append rows</MenuItem>
        <MenuItem value="replace">Replace rows</MenuItem>
      </TextField>
    </Box>
  )
}
