import { useState } from 'react'
import { InputAdornment, TextField } from '@mui/material'
import { checkNumber, showNumber, type NumberRule } from './number-rules'
import { useReportProblem } from './FormValidity'

/**
 * A number input in the user's terms: `scale` shows a stored fraction as a
 * percentage (0.2 ↔ 20 with scale 100), and min/max/integer are checked on the
 * shown number. Text that is not an accepted value stays on screen, is flagged
 * with a message in the field's own terms ("Max decrease must be between 0 % and
 * 99 %"), is not passed on, and blocks the enclosing form (FormValidityScope)
 * until fixed. Empty means null ("no limit") when `nullable`.
 */
export function NumberField({
  label,
  value,
  onChange,
  scale = 1,
  unit,
  width = 150,
  nullable = true,
  min,
  max,
  minExclusive,
  maxExclusive,
  integer,
  step,
  disabled,
  testId,
  issue
}: {
  label: string
  value: number | null
  onChange: (v: number | null) => void
  scale?: number
  unit?: string
  width?: number
  nullable?: boolean
  /** Bounds of the SHOWN number (a percent field's bounds in percent). */
  min?: number
  max?: number
  minExclusive?: boolean
  maxExclusive?: boolean
  integer?: boolean
  /** The arrow-key step of the shown number (a hint for the browser; any value in range is accepted). */
  step?: number
  disabled?: boolean
  testId?: string
  /** The server's refusal of this field's value (a request's issue at its path), shown while the text is accepted here. */
  issue?: string
}) {
  const rule: NumberRule = { label, unit, min, max, minExclusive, maxExclusive, integer, nullable, scale }
  const [text, setText] = useState(showNumber(value, scale))
  // A new value from outside (a reset, a loaded setting) replaces the text; our own edits do not.
  const [seen, setSeen] = useState(value)
  if (value !== seen) {
    setSeen(value)
    const mine = checkNumber(text, rule)
    if (mine.message !== null || mine.value !== value) setText(showNumber(value, scale))
  }
  const check = checkNumber(text, rule)
  const shown = check.message ?? issue ?? null
  useReportProblem(check.message && !disabled ? { label, message: check.message } : null)
  return (
    <TextField
      size="small"
      label={label}
      value={text}
      error={shown !== null}
      helperText={shown ?? undefined}
      disabled={disabled}
      placeholder={nullable ? 'none' : undefined}
      onChange={(e) => {
        setText(e.target.value)
        const next = checkNumber(e.target.value, rule)
        if (next.message === null) {
          setSeen(next.value)
          onChange(next.value)
        }
      }}
      sx={{ width }}
      slotProps={{
        inputLabel: { shrink: true },
        input: unit ? { endAdornment: <InputAdornment position="end">{unit}</InputAdornment> } : undefined,
        htmlInput: {
          'data-testid': testId,
          inputMode: 'decimal',
          'aria-invalid': shown !== null,
          step
        }
      }}
    />
  )
}
