import { MenuItem, TextField } from '@mui/material'
import { useDataset } from '../data/DatasetContext'
import { int } from '../format'

/**
 * The app's dataset as a select (the app bar's switcher, a page's "Data" field): choosing here
 * chooses for every page. Options read "label · 5,824 rows".
 */
export function DatasetSelect({
  label,
  minWidth,
  testId,
  optionTestIds = false
}: {
  label: string
  minWidth: number
  testId?: string
  /** Options as `dataset-option-<id>` (the app bar's, for the tests). */
  optionTestIds?: boolean
}) {
  const { options, dataset, setDataset } = useDataset()
  return (
    <TextField
      select
      size="small"
      label={label}
      value={options.some((x) => x.id === dataset) ? dataset : ''}
      onChange={(e) => setDataset(e.target.value)}
      disabled={!options.length}
      sx={{ minWidth }}
      slotProps={{ htmlInput: { 'data-testid': testId } }}
    >
      {options.map((x) => (
        <MenuItem key={x.id} value={x.id} data-testid={optionTestIds ? `dataset-option-${x.id}` : undefined}>
          {x.label} · {int(x.rows)} rows{x.kind === 'table' ? ' · table' : ''}
        </MenuItem>
      ))}
    </TextField>
  )
}
