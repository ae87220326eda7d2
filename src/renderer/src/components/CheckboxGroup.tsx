import { Checkbox, FormControlLabel } from '@mui/material'

/** A row of checkboxes choosing a subset of options, in the options' order. */
export function CheckboxGroup<T extends string>({
  options,
  labels,
  value,
  onChange
}: {
  options: readonly T[]
  labels: Record<T, string>
  value: T[]
  onChange: (v: T[]) => void
}) {
  return (
    <>
      {options.map((k) => (
        <FormControlLabel
          key={k}
          control={
            <Checkbox
              size="small"
              checked={value.includes(k)}
              onChange={(e) =>
                onChange(
                  e.target.checked
                    ? options.filter((o) => o === k || value.includes(o))
                    : value.filter((x) => x !== k)
                )
              }
            />
          }
          label={labels[k]}
        />
      ))}
    </>
  )
}
