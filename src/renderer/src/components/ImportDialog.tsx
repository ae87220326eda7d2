import { useEffect, useMemo, useState } from 'react'
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  MenuItem,
  Radio,
  RadioGroup,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
  Chip
} from '@mui/material'
import { ApiError, type StagedFile } from '../../../shared/api'
import type { CsvPreview } from '../../../core/data/import/preview'
import type { ImportPlan, ImportResult, DatasetRoles } from '../../../core/data/import/plan'
import type { ColumnType } from '../../../core/data/csv/types'
import type { DateFormat } from '../../../core/data/csv/dates'
import { DateFormatSelect } from './DateFormatSelect'
import { SEED_TABLES, type SeedTable } from '../../../core/db/schema'
import { usePriceLab } from '../api/ClientContext'
import { useJob } from '../api/useJob'
import { JobProgress } from './JobProgress'
import { formatBytes } from '../format'

type Role = 'none' | 'item' | 'segment' | 'period' | 'price' | 'quantity' | 'cost' | 'competitor' | 'feature'
const ROLES: Role[] = [
  'none',
  'item',
  'segment',
  'period',
  'price',
  'quantity',
  'cost',
  'competitor',
  'feature'
]
const TYPES: ColumnType[] = ['integer', 'number', 'date', 'text']

interface ColumnChoice {
  source: string
  include: boolean
  target: string
  type: ColumnType
  role: Role
  /** For a date column: how its values are written; null until the analyst resolves an ambiguous one. */
  dateFormat: DateFormat | null
}

/** Guesses a role from a header name; the analyst confirms or changes it. */
function guessRole(name: string): Role {
  const n = name.toLowerCase()
  if (/compet|rival/.test(n)) return 'competitor'
  if (/(^|_)(price|token_price)$/.test(n)) return 'price'
  if (/^(units|quantity|qty|enrollments|sales|volume)$/.test(n)) return 'quantity'
  if (/cost/.test(n)) return 'cost'
  if (/(^|_)id$/.test(n) || n === 'sku' || n === 'item') return 'item'
  if (/date|week|month|period/.test(n)) return 'period'
  if (/segment|category|region|brand|channel/.test(n)) return 'segment'
  return 'none'
}

function rolesOf(cols: ColumnChoice[]): DatasetRoles {
  const inc = cols.filter((c) => c.include)
  const one = (r: Role) => inc.find((c) => c.role === r)?.target
  const many = (r: Role) => inc.filter((c) => c.role === r).map((c) => c.target)
  return {
    item: one('item'),
    period: one('period'),
    price: one('price'),
    quantity: one('quantity'),
    cost: one('cost'),
    competitor: one('competitor'),
    segments: many('segment'),
    features: many('feature')
  }
}

export function ImportDialog({ file, onClose }: { file: StagedFile; onClose: () => void }) {
  const { client, refresh } = usePriceLab()
  const job = useJob<ImportResult>()
  const [preview, setPreview] = useState<CsvPreview | null>(null)
  const [previewError, setPreviewError] = useState<ApiError | Error | null>(null)
  const [cols, setCols] = useState<ColumnChoice[]>([])
  const [target, setTarget] = useState<'dataset' | 'table'>('dataset')
  const [name, setName] = useState(file.name.replace(/\.[^.]+$/, ''))
  const [table, setTable] = useState<SeedTable>('courses')
  const [mode, setMode] = useState<'append' | 'replace'>('append')

  useEffect(() => {
    client
      .call('import:preview', { fileId: file.fileId })
      .then((p) => {
        setPreview(p)
        setCols(
          p.columns.map((c) => ({
            source: c.name,
            include: true,
            target: c.name.trim(),
            type: c.type,
            role: guessRole(c.name),
            dateFormat: c.type === 'date' ? (c.dateFormat ?? null) : 'YYYY-MM-DD'
          }))
        )
      })
      .catch((e: Error) => setPreviewError(e))
  }, [client, file.fileId])

  const plan = useMemo<ImportPlan | null>(() => {
    if (!preview) return null
    const base = { delimiter: preview.delimiter, decimal: preview.decimal }
    if (target === 'table') return { ...base, target: { kind: 'table', table, mode } }
    // An ambiguous date column must be resolved first.
    if (cols.some((c) => c.include && c.type === 'date' && !c.dateFormat)) return null
    return {
      ...base,
      target: { kind: 'dataset', name, roles: rolesOf(cols) },
      columns: cols
        .filter((c) => c.include)
        .map(({ source, target: t, type, dateFormat }) => ({
          source,
          target: t,
          type,
          ...(type === 'date' && dateFormat && dateFormat !== 'YYYY-MM-DD' ? { dateFormat } : {})
        }))
    }
  }, [preview, target, table, mode, name, cols])

  const run = async () => {
    if (!plan) return
    const r = await job.start((jobId) => client.call('import:run', { jobId, fileId: file.fileId, plan }))
    if (r) await refresh()
  }
  const issues =
    (job.error instanceof ApiError ? job.error.body.issues : undefined) ??
    (previewError instanceof ApiError ? previewError.body.issues : undefined)
  const set = (i: number, patch: Partial<ColumnChoice>) =>
    setCols((cs) => cs.map((c, k) => (k === i ? { ...c, ...patch } : c)))

  return (
    <Dialog open onClose={job.running ? undefined : onClose} maxWidth="lg" fullWidth>
      <DialogTitle>
        Import {file.name}{' '}
        <Typography component="span" color="text.secondary">
          · {formatBytes(file.size)}
        </Typography>
      </DialogTitle>
      <DialogContent dividers>
        {previewError && !issues && <Alert severity="error">{previewError.message}</Alert>}
        {preview && (
          <>
            <Box sx={{ display: 'flex', gap: 1, mb: 2, flexWrap: 'wrap' }}>
              <Chip
                size="small"
                label={`Delimiter: ${preview.delimiter === '\t' ? 'tab' : preview.delimiter}`}
              />
              <Chip size="small" label={`Decimal: ${preview.decimal}`} />
              <Chip size="small" label={`${preview.columns.length} columns`} />
              <Chip
                size="small"
                label={`Types inferred from ${preview.sampledRows.toLocaleString()} rows${preview.truncated ? ' (sample)' : ''}`}
              />
            </Box>
            <RadioGroup row value={target} onChange={(e) => setTarget(e.target.value as 'dataset' | 'table')}>
              <FormControlLabel value="dataset" control={<Radio size="small" />} label="New dataset" />
              <FormControlLabel value="table" control={<Radio size="small" />} label="Into a sample table" />
            </RadioGroup>
            {target === 'dataset' ? (
              <TextField
                size="small"
                label="Dataset name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                sx={{ mb: 2, width: 320 }}
                slotProps={{ htmlInput: { 'data-testid': 'dataset-name' } }}
              />
            ) : (
              <Box sx={{ display: 'flex', gap: 2, mb: 2 }}>
                <TextField
                  select
                  size="small"
                  label="Table"
                  value={table}
                  onChange={(e) => setTable(e.target.value as SeedTable)}
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
                  onChange={(e) => setMode(e.target.value as 'append' | 'replace')}
                  sx={{ width: 160 }}
                >
                  <MenuItem value="append">Append rows</MenuItem>
                  <MenuItem value="replace">Replace rows</MenuItem>
                </TextField>
              </Box>
            )}
            <TableContainer sx={{ maxHeight: 360 }}>
              <Table size="small" stickyHeader>
                <TableHead>
                  <TableRow>
                    {target === 'dataset' && <TableCell padding="checkbox" />}
                    <TableCell>Column</TableCell>
                    {target === 'dataset' && <TableCell>Import as</TableCell>}
                    <TableCell>Type</TableCell>
                    {target === 'dataset' && <TableCell>Role</TableCell>}
                    <TableCell>Missing</TableCell>
                    <TableCell>Examples</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {cols.map((c, i) => (
                    <TableRow key={c.source} hover>
                      {target === 'dataset' && (
                        <TableCell padding="checkbox">
                          <Checkbox
                            size="small"
                            checked={c.include}
                            onChange={(e) => set(i, { include: e.target.checked })}
                          />
                        </TableCell>
                      )}
                      <TableCell sx={{ fontWeight: 600 }}>{c.source}</TableCell>
                      {target === 'dataset' && (
                        <TableCell>
                          <TextField
                            variant="standard"
                            value={c.target}
                            onChange={(e) => set(i, { target: e.target.value })}
                            disabled={!c.include}
                          />
                        </TableCell>
                      )}
                      <TableCell>
                        {target === 'dataset' ? (
                          <TextField
                            select
                            variant="standard"
                            value={c.type}
                            onChange={(e) => set(i, { type: e.target.value as ColumnType })}
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
                        {target === 'dataset' && c.type === 'date' && (
                          <DateFormatSelect
                            value={c.dateFormat}
                            candidates={preview.columns[i].dateFormats}
                            disabled={!c.include}
                            onChange={(f) => set(i, { dateFormat: f })}
                          />
                        )}
                      </TableCell>
                      {target === 'dataset' && (
                        <TableCell>
                          <TextField
                            select
                            variant="standard"
                            value={c.role}
                            onChange={(e) => set(i, { role: e.target.value as Role })}
                            disabled={!c.include}
                          >
                            {ROLES.map((r) => (
                              <MenuItem key={r} value={r}>
                                {r === 'none' ? '—' : r}
                              </MenuItem>
                            ))}
                          </TextField>
                        </TableCell>
                      )}
                      <TableCell>
                        {preview.columns[i].missing}
                        {preview.columns[i].invalid > 0 && (
                          <Chip
                            size="small"
                            color="warning"
                            label={`${preview.columns[i].invalid} invalid`}
                            sx={{ ml: 1 }}
                          />
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
                        {preview.columns[i].examples.join(' · ')}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          </>
        )}
        {job.running && <JobProgress percent={job.percent} message={job.message} onCancel={job.cancel} />}
        {job.result && (
          <Alert severity="success" sx={{ mt: 2 }} data-testid="import-success">
            Imported {job.result.rows.toLocaleString()} rows into {job.result.table} in{' '}
            {(job.result.ms / 1000).toFixed(1)} s ({job.result.rowsPerSecond.toLocaleString()} rows/s).
          </Alert>
        )}
        {job.error && !issues && (
          <Alert
            severity={job.error instanceof ApiError && job.error.body.code === 'cancelled' ? 'info' : 'error'}
            sx={{ mt: 2 }}
          >
            {job.error.message}. Nothing was written.
          </Alert>
        )}
        {issues && issues.length > 0 && (
          <Box sx={{ mt: 2 }} data-testid="import-errors">
            <Alert severity="error" sx={{ mb: 1 }}>
              {issues.length === 1 ? 'One problem' : `${issues.length} problems`} in {file.name}. Nothing was
              imported: fix the file and try again.
            </Alert>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>Line</TableCell>
                  <TableCell>Column</TableCell>
                  <TableCell>Problem</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {issues.slice(0, 20).map((i, k) => (
                  <TableRow key={k}>
                    <TableCell>{i.line}</TableCell>
                    <TableCell>
                      {i.column}
                      {i.columnName ? ` (${i.columnName})` : ''}
                    </TableCell>
                    <TableCell>{i.message}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={job.running}>
          {job.result ? 'Done' : 'Cancel'}
        </Button>
        {!job.result && (
          <Button
            variant="contained"
            onClick={run}
            disabled={!plan || job.running || (target === 'dataset' && !name.trim())}
          >
            Import
          </Button>
        )}
      </DialogActions>
    </Dialog>
  )
}
