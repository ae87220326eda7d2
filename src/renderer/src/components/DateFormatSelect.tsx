import { MenuItem, TextField } from '@mui/material'
import { DATE_FORMATS, type DateFormat } from '../../../shared/data'

/**
 * The date format of a date column. When the file's days are all ≤ 12 the preview
 * cannot tell DD/MM/YYYY from MM/DD/YYYY: the select then starts empty and the
 * import waits until the analyst picks one (PriceLab never guesses a date).
 */
export function DateFormatSelect({
  value,
  candidates,
  disabled,
  onChange
}: {
  value: DateFormat | null
  candidates?: DateFormat[]
  disabled?: boolean
  onChange: (f: DateFormat) => void
}) {
  const ambiguous = value === null
  return (
    <TextField
      select
      variant="standard"
      size="small"
      value={value ?? ''}
      error={ambiguous && !disabled}
      helperText={ambiguous && !disabled ? `Ambiguous: ${(candidates ?? []).join(' or ')}?` : undefined}
      onChange={(e) => onChange(e.target.value as DateFormat)}
      disabled={disabled}
      slotProps={{ htmlInput: { 'aria-label': 'date format' } }}
      sx={{ ml: 1, minWidth: 120 }}
    >
      {DATE_FORMATS.map((f) => (
        <MenuItem key={f} value={f}>
          {f}
        </MenuItem>
      ))}
    </TextField>
  )
}
