// The panel import's table of the file's columns: what each becomes (name, type, role) and what it holds.
import type { ReactNode } from 'react'
import {
  Checkbox,
  Chip,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography
} from '@mui/material'
import type { ColumnType } from '../../../../shared/data'
import type { CsvPreview } from '../../../../shared/data/results'
import { COLUMN_ROLES, ROLE_INFO, type ColumnRole } from '../../../../shared/data/roles'
import { DateFormatSelect } from '../DateFormatSelect'
import type { ColumnChoice } from './column-choices'
import { MissingCount, MissingHeader } from './MissingCount'
import { useFileMissing } from './useFileMissing'

const TYPES: ColumnType[] = ['integer', 'number', 'date', 'text']

type PreviewColumn = CsvPreview['columns'][number]

export function ImportColumnsTable({
  cols,
  fileId,
  preview,
  toDataset,
  onChange
}: {
  cols: ColumnChoice[]
  /** The staged file: its missing values are counted over the whole file (the preview's are its first rows'). */
  fileId: string
  preview: CsvPreview
  /** Into a new dataset: each column's name, type and role can be chosen (a sample table fixes them). */
  toDataset: boolean
  onChange(i: number, patch: Partial<ColumnChoice>): void
}) {
  const missing = useFileMissing(fileId, preview)
  return (
    <TableContainer sx={{ maxHeight: 360 }}>
      <Table size="small" stickyHeader>
        <TableHead>
          <TableRow>
            {toDataset && <TableCell padding="checkbox" />}
            <TableCell>Column</TableCell>
            {toDataset && <TableCell>Import as</TableCell>}
            <TableCell>Type</TableCell>
            {toDataset && <TableCell>Role</TableCell>}
            <TableCell>
              <MissingHeader preview={preview} missing={missing} />
            </TableCell>
            <TableCell>Examples</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {cols.map((c, i) => (
            <ImportColumnRow
              key={c.source}
              choice={c}
              column={preview.columns[i]}
              missingCell={<MissingCount column={preview.columns[i]} preview={preview} missing={missing} />}
              toDataset={toDataset}
              onChange={(patch) => onChange(i, patch)}
            />
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  )
}

function ImportColumnRow({
  choice: c,
  column,
  missingCell,
  toDataset,
  onChange
}: {
  choice: ColumnChoice
  column: PreviewColumn
  missingCell: ReactNode
  toDataset: boolean
  onChange(patch: Partial<ColumnChoice>): void
}) {
  return (
    <TableRow hover>
      {toDataset && (
        <TableCell padding="checkbox">
          <Checkbox
            size="small"
            checked={c.include}
            onChange={(e) => onChange({ include: e.target.checked })}
          />
        </TableCell>
      )}
      <TableCell sx={{ fontWeight: 600 }}>{c.source}</TableCell>
      {toDataset && (
        <TableCell>
          <TextField
            variant="standard"
            value={c.target}
            onChange={(e) => onChange({ target: e.target.value })}
            disabled={!c.include}
          />
        </TableCell>
      )}
      <TypeCell choice={c} column={column} toDataset={toDataset} onChange={onChange} />
      {toDataset && (
        <TableCell>
          <RoleSelect choice={c} onChange={onChange} />
        </TableCell>
      )}
      <TableCell>
        {missingCell}
        {column.invalid > 0 && (
          <Chip size="small" color="warning" label={`${column.invalid} invalid`} sx={{ ml: 1 }} />
        )}
      </TableCell>
      <TableCell
        sx={{
          color: 'text.secondary',
          maxWidth: 260,
          overflow: 'hidden',
          textOverflow: 'ellipsis',
          whiteSpace: 'nowrap'
        }}
      >
        {column.examples.join(' · ')}
      </TableCell>
    </TableRow>
  )
}

function TypeCell({
  choice: c,
  column,
  toDataset,
  onChange
}: {
  choice: ColumnChoice
  column: PreviewColumn
  toDataset: boolean
  onChange(patch: Partial<ColumnChoice>): void
}) {
  return (
    <TableCell>
      {toDataset ? (
        <TextField
          select
          variant="standard"
          value={c.type}
          onChange={(e) => onChange({ type: e.target.value as ColumnType })}
          disabled={!c.include}
        >
          {TYPES.map((t) => (
            <MenuItem key={t} value={t}>
              {t}
            </MenuItem>
          ))}
        </TextField>
      ) : (
        c.type
      )}
      {toDataset && c.type === 'date' && (
        <DateFormatSelect
          value={c.dateFormat}
          candidates={column.dateFormats}
          disabled={!c.include}
          onChange={(f) => onChange({ dateFormat: f })}
        />
      )}
    </TableCell>
  )
}

function RoleSelect({
  choice: c,
  onChange
}: {
  choice: ColumnChoice
  onChange(patch: Partial<ColumnChoice>): void
}) {
  return (
    <TextField
      select
      variant="standard"
      value={c.role}
      onChange={(e) => onChange({ role: e.target.value as ColumnRole })}
      disabled={!c.include}
      slotProps={{
        select: {
          renderValue: (v) => (v === 'none' ? '—' : ROLE_INFO[v as Exclude<ColumnRole, 'none'>].label)
        },
        htmlInput: { 'data-testid': `role-${c.source}` }
      }}
    >
      {COLUMN_ROLES.map((r) => (
        <MenuItem key={r} value={r} sx={{ display: 'block', maxWidth: 420 }}>
          <Typography variant="body2">
            {r === 'none' ? '— (not used by the models)' : ROLE_INFO[r].label}
          </Typography>
          {r !== 'none' && (
            <Typography variant="caption" color="text.secondary" sx={{ whiteSpace: 'normal' }}>
              {ROLE_INFO[r].explains}
            </Typography>
          )}
        </MenuItem>
      ))}
    </TextField>
  )
}
