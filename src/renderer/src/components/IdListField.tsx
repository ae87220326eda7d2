import { TextField } from '@mui/material'
import { useEffect, useState } from 'react'
import { commaList } from '../../../shared/comma-list'

/**
 * A comma-separated list of ids (locked items, excluded units). The text is kept as typed: rebuilding it
 * from the parsed list on every keystroke would eat the comma just typed, so a second id could not be
 * entered. The parsed list goes out on each change; a list changed from outside replaces the text.
 */
export function IdListField({
  label,
  value,
  onChange,
  width = 260
}: {
  label: string
  value: string[]
  onChange: (ids: string[]) => void
  width?: number
}) {
  const [text, setText] = useState(value.join(', '))
  useEffect(() => {
    setText((t) => (commaList(t).join('\u0000') === value.join('\u0000') ? t : value.join(', ')))
  }, [value])
  return (
    <TextField
      size="small"
      label={label}
      value={text}
      onChange={(e) => {
        setText(e.target.value)
        onChange(commaList(e.target.value))
      }}
      sx={{ width }}
    />
  )
}
