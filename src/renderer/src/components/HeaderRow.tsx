import { TableCell, TableHead, TableRow } from '@mui/material'

/** A bold table header; numbers are right-aligned, so every column is except those named in `left`. */
export function HeaderRow({ labels, left = [] }: { labels: readonly string[]; left?: readonly string[] }) {
  return (
    <TableHead>
      <TableRow>
        {labels.map((h) => (
          <TableCell key={h} align={left.includes(h) ? 'left' : 'right'} sx={{ fontWeight: 600 }}>
            {h}
          </TableCell>
        ))}
      </TableRow>
    </TableHead>
  )
}
