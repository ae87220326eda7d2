import { useState } from 'react'
import { InputAdornment, TextField } from '@mui/material'

/**
 * A number input that may be left empty (null: "no limit"). `scale` shows a
 * fraction as a percentage (0.2 ↔ 20 with scale 100). Text that is not a number
 * is kept on screen, flagged, and not passed on.
 */
export function NumberField({
  label,
  value,
  onChange,
  scale = 1,
  unit,
  width = 150,
  nullable = true,
  testId
}: {
  label: string
  value: number | null
  onChange: (v: number | null) => void
  scale?: number
  unit?: string
  width?: number
  nullable?: boolean
  testId?: string
}) {
  const show = (v: number | null) => (v === null ? '' : String(Math.round(v * scale * 1e6) / 1e6))
  const [text, setText] = useState(show(value))
  // A new value from outside (a reset, a loaded setting) replaces the text; our own edits do not.
  const [seen, setSeen] = useState(value)
  if (value !== seen) {
    setSeen(value)
    const mine = text.trim() === '' ? null : Number(text.replace(',', '.')) / scale
    if (mine !== value) setText(show(value))
  }
  const parsed = text.trim() === '' ? null : Number(text.replace(',', '.'))
  const bad = (parsed === null && !nullable) || (parsed !== null && !Number.isFinite(parsed))
  return (
    <TextField
      size="small"
      label={label}
      value={text}
      error={bad}
      placeholder={nullable ? 'none' : undefined}
      onChange={(e) => {
        setText(e.target.value)
        const v = e.target.value.trim() === '' ? null : Number(e.target.value.replace(',', '.'))
        if (v === null ? nullable : Number.isFinite(v)) {
          const next = v === null ? null : v / scale
          setSeen(next)
          onChange(next)
        }
      }}
      sx={{ width }}
      slotProps={{
        inputLabel: { shrink: true },
        input: unit ? { endAdornment: <InputAdornment position="end">{unit}</InputAdornment> } : undefined,
        htmlInput: { 'data-testid': testId, inputMode: 'decimal' }
      }}
    />
  )
}
