// The import table's Missing column: the whole file's count, or the first rows' while the whole is not known.
import { Box, CircularProgress, Tooltip } from '@mui/material'
import type { CsvPreview } from '../../../../shared/data/results'
import { int } from '../../format'
import type { MissingState } from './useFileMissing'

/** The column's header: what the counts cover. */
export function MissingHeader({ preview, missing }: { preview: CsvPreview; missing: MissingState }) {
  if (!preview.truncated) return <>Missing</>
  if (missing.counts && missing.rows !== null) return <>Missing (all {int(missing.rows)} rows)</>
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1 }}>
      Missing
      {missing.counting && (
        <Tooltip title="Counting the missing values over the whole file…">
          <CircularProgress size={12} data-testid="missing-counting" />
        </Tooltip>
      )}
    </Box>
  )
}

/**
 * One column's count: the whole file's once known; until then (or if the count failed) the preview's, said
 * honestly as "in the first N rows".
 */
export function MissingCount({
  column,
  preview,
  missing
}: {
  column: CsvPreview['columns'][number]
  preview: CsvPreview
  missing: MissingState
}) {
  const full = missing.counts?.get(column.name)
  if (!preview.truncated) return <>{int(column.missing)}</>
  if (full !== undefined) return <span data-testid={`missing-${column.name}`}>{int(full)}</span>
  return (
    <Tooltip
      title={
        missing.error ? `The whole file could not be counted: ${missing.error}` : 'Counting the whole file…'
      }
    >
      <span data-testid={`missing-${column.name}`}>
        {int(column.missing)} in the first {int(preview.sampledRows)} rows
      </span>
    </Tooltip>
  )
}
