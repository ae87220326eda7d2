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
import type { StagedFile } from '../../../shared/api'
import { ApiError } from '../../../shared/api/envelope'
import type { ColumnType } from '../../../shared/data'
import type { DateFormat } from '../../../shared/data'
import { DateFormatSelect } from './DateFormatSelect'
import { SEED_TABLES, type SeedTable } from '../../../shared/data'
import { usePriceLab } from '../api/ClientContext'
import { useJob } from '../api/useJob'
import { JobProgress } from './JobProgress'
import { formatBytes } from '../format'
import {
  COLUMN_ROLES,
  ROLE_INFO,
  missingRoles,
  rolesFromColumns,
  type ColumnRole
} from '../../../shared/data/roles'
import { ENCODING_LABEL, TEXT_ENCODINGS, type TextEncoding } from '../../../shared/data'
import { ImportIssues } from './import/ImportIssues'
import { TransactionLogImport } from './import/TransactionLogImport'
import type { ImportPlan } from '../../../shared/data/calls'
import type { CsvPreview, ImportResult } from '../../../shared/data/results'
import type { DatasetRoles } from '../../../shared/data/roles'

type Role = ColumnRole
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

function rolesOf(cols: ColumnChoice[]): DatasetRoles {
  return rolesFromColumns(cols.filter((c) => c.include))
}

const ENCODING_REASON: Record<string, string> = {
  bom: 'from the byte-order mark',
  'valid-utf8': 'detected',
  'invalid-utf8': 'detected: not UTF-8',
  'nul-bytes': 'detected',
  chosen: 'chosen'
}

export function ImportDialog({
  file,
  onClose,
  onImported
}: {
  file: StagedFile
  onClose: () => void
  /** Called with the new table's name once an import wrote it (the page then shows it). */
  onImported?: (table: string) => void
}) {
  const { client, refresh } = usePriceLab()
  const job = useJob<ImportResult>()
  const [preview, setPreview] = useState<CsvPreview | null>(null)
  const [previewError, setPreviewError] = useState<ApiError | Error | null>(null)
  const [cols, setCols] = useState<ColumnChoice[]>([])
  const [target, setTarget] = useState<'dataset' | 'table'>('dataset')
  const [name, setName] = useState(file.name.replace(/\.[^.]+$/, ''))
  const [table, setTable] = useState<SeedTable>('courses')
  const [mode, setMode] = useState<'append' | 'replace'>('append')
  const [encoding, setEncoding] = useState<TextEncoding | undefined>(undefined)
  const [sheet, setSheet] = useState<string | undefined>(undefined)
  const [replace, setReplace] = useState(false)
  const [existing, setExisting] = useState<string[]>([])
  /** A panel (one row per item × period, imported as it is) or sales lines aggregated into one. */
  const [kind, setKind] = useState<'panel' | 'log'>('panel')

  useEffect(() => {
    client
      .call('data:datasets', {})
      .then((ds) => setExisting(ds.map((d) => d.name)))
      // The list only warns early about a taken name; the import itself refuses one (dataset_exists).
      .catch(() => setExisting([]))
  }, [client])

  useEffect(() => {
    setPreviewError(null)
    client
      .call('import:preview', { fileId: file.fileId, encoding, sheet })
      .then((p) => {
        setPreview(p)
        setCols(
          p.columns.map((c, i) => ({
            source: c.name,
            include: true,
            target: c.name.trim(),
            type: c.type,
            role: p.roles[i] ?? 'none',
            dateFormat: c.type === 'date' ? (c.dateFormat ?? null) : 'YYYY-MM-DD'
          }))
        )
      })
      .catch((e: Error) => setPreviewError(e))
  }, [client, file.fileId, encoding, sheet])

  const nameTaken = existing.some((n) => n.toLowerCase() === name.trim().toLowerCase())
  const nameError =
    target === 'dataset' &&
    (nameTaken || (job.error instanceof ApiError && job.error.body.code === 'dataset_exists'))
      ? nameTaken && replace
        ? null
        : `A dataset named "${name.trim()}" already exists.`
      : null

  const plan = useMemo<ImportPlan | null>(() => {
    if (!preview) return null
    const base = {
      delimiter: preview.delimiter,
      decimal: preview.decimal,
      ...(preview.format === 'csv' ? { encoding: preview.encoding.encoding } : { sheet: preview.sheet })
    }
    if (target === 'table') return { ...base, target: { kind: 'table', table, mode } }
    // An ambiguous date column must be resolved first.
    if (cols.some((c) => c.include && c.type === 'date' && !c.dateFormat)) return null
    return {
      ...base,
      target: {
        kind: 'dataset',
        name,
        roles: rolesOf(cols),
        ...(nameTaken && replace ? { replace: true } : {})
      },
      columns: cols
        .filter((c) => c.include)
        .map(({ source, target: t, type, dateFormat }) => ({
          source,
          target: t,
          type,
          ...(type === 'date' && dateFormat && dateFormat !== 'YYYY-MM-DD' ? { dateFormat } : {})
        }))
    }
  }, [preview, target, table, mode, name, cols, nameTaken, replace])
  const missing = target === 'dataset' ? missingRoles(rolesOf(cols)) : []

  const run = async () => {
    if (!plan) return
    const r = await job.start((jobId) => client.call('import:run', { jobId, fileId: file.fileId, plan }))
    if (r) {
      await refresh()
      onImported?.(r.table)
    }
  }
  const nameConflict = job.error instanceof ApiError && job.error.body.code === 'dataset_exists'
  const issues =
    (job.error instanceof ApiError ? job.error.body.issues : undefined) ??
    (previewError instanceof ApiError ? previewError.body.issues : undefined)
  const set = (i: number, patch: Partial<ColumnChoice>) =>
    setCols((cs) => cs.map((c, k) => (k === i ? { ...c, ...patch } : c)))

  const fileFacts = preview && (
    <>
      <Box sx={{ display: 'flex', gap: 1, mb: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <Chip
          size="small"
          color={preview.format === 'xlsx' ? 'primary' : 'default'}
          label={preview.format === 'xlsx' ? 'Excel workbook' : 'CSV text'}
          data-testid="import-format"
        />
        {preview.format === 'xlsx' ? (
          <TextField
            select
            size="small"
            label="Sheet"
            value={preview.sheet ?? ''}
            onChange={(e) => setSheet(e.target.value)}
            sx={{ minWidth: 180 }}
            slotProps={{ htmlInput: { 'data-testid': 'import-sheet' } }}
          >
            {(preview.sheets ?? []).map((s) => (
              <MenuItem key={s} value={s}>
                {s}
              </MenuItem>
            ))}
          </TextField>
        ) : (
          <>
            <TextField
              select
              size="small"
              label="Encoding"
              value={preview.encoding.encoding}
              onChange={(e) => setEncoding(e.target.value as TextEncoding)}
              sx={{ minWidth: 220 }}
              helperText={ENCODING_REASON[preview.encoding.reason]}
              slotProps={{ htmlInput: { 'data-testid': 'import-encoding' } }}
            >
              {TEXT_ENCODINGS.map((enc) => (
                <MenuItem key={enc} value={enc}>
                  {ENCODING_LABEL[enc]}
                </MenuItem>
              ))}
            </TextField>
            <Chip
              size="small"
              label={`Delimiter: ${preview.delimiter === '\t' ? 'tab' : preview.delimiter}`}
            />
          </>
        )}
        <Chip size="small" label={`Decimal: ${preview.decimal}`} />
        <Chip size="small" label={`${preview.columns.length} columns`} />
        <Chip
          size="small"
          label={`Types inferred from ${preview.sampledRows.toLocaleString()} rows${preview.truncated ? ' (sample)' : ''}`}
        />
      </Box>
      <RadioGroup
        row
        value={kind}
        onChange={(e) => setKind(e.target.value as 'panel' | 'log')}
        sx={{ mb: 1 }}
        aria-label="What the file holds"
      >
        <FormControlLabel
          value="panel"
          control={<Radio size="small" />}
          label="A table or panel (imported as it is)"
        />
        <FormControlLabel
          value="log"
          control={<Radio size="small" />}
          label="Sales lines (transaction log): aggregate to item × period"
          data-testid="import-kind-log"
        />
      </RadioGroup>
    </>
  )

  return (
    <Dialog open onClose={job.running ? undefined : onClose} maxWidth="lg" fullWidth>
      <DialogTitle>
        Import {file.name}{' '}
        <Typography component="span" color="text.secondary">
          · {formatBytes(file.size)}
        </Typography>
      </DialogTitle>
      {kind === 'log' && preview ? (
        <TransactionLogImport
          file={file}
          preview={preview}
          existing={existing}
          header={fileFacts}
          onClose={onClose}
          onImported={onImported}
        />
      ) : (
        <>
          <DialogContent dividers>
            {previewError && !issues && <Alert severity="error">{previewError.message}</Alert>}
            {preview && (
              <>
                {fileFacts}
                <RadioGroup
                  row
                  value={target}
                  onChange={(e) => setTarget(e.target.value as 'dataset' | 'table')}
                >
                  <FormControlLabel value="dataset" control={<Radio size="small" />} label="New dataset" />
                  <FormControlLabel
                    value="table"
                    control={<Radio size="small" />}
                    label="Into a sample table"
                  />
                </RadioGroup>
                {target === 'dataset' ? (
                  <Box sx={{ display: 'flex', gap: 2, mb: 2, alignItems: 'flex-start' }}>
                    <TextField
                      size="small"
                      label="Dataset name"
                      value={name}
                      onChange={(e) => {
                        setName(e.target.value)
                        setReplace(false)
                      }}
                      error={!!nameError}
                      helperText={nameError ?? ' '}
                      sx={{ width: 320 }}
                      slotProps={{ htmlInput: { 'data-testid': 'dataset-name' } }}
                    />
                    {(nameTaken || nameConflict) && (
                      <FormControlLabel
                        control={
                          <Checkbox
                            size="small"
                            checked={replace}
                            onChange={(e) => setReplace(e.target.checked)}
                            slotProps={{ input: { 'aria-label': 'Replace the existing dataset' } }}
                            data-testid="dataset-replace"
                          />
                        }
                        label={`Replace the existing "${name.trim()}" (its rows are deleted)`}
                      />
                    )}
                  </Box>
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
                                slotProps={{
                                  select: {
                                    renderValue: (v) =>
                                      v === 'none' ? '—' : ROLE_INFO[v as Exclude<Role, 'none'>].label
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
                                      <Typography
                                        variant="caption"
                                        color="text.secondary"
                                        sx={{ whiteSpace: 'normal' }}
                                      >
                                        {ROLE_INFO[r].explains}
                                      </Typography>
                                    )}
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
                {missing.length > 0 && (
                  <Box sx={{ mt: 2 }} data-testid="import-missing-roles">
                    <Typography variant="subtitle2" gutterBottom>
                      Roles no column has, and what that means
                    </Typography>
                    {missing.map(({ role, info }) => (
                      <Typography
                        key={role}
                        variant="body2"
                        color={info.required ? 'warning.main' : 'text.secondary'}
                        sx={{ mb: 0.25 }}
                      >
                        <b>No {info.label.toLowerCase()}</b>: {info.whenMissing}.
                      </Typography>
                    ))}
                  </Box>
                )}
              </>
            )}
            {job.running && <JobProgress percent={job.percent} message={job.message} onCancel={job.cancel} />}
            {job.result && (
              <Alert severity="success" sx={{ mt: 2 }} data-testid="import-success">
                Imported {job.result.rows.toLocaleString()} rows into {job.result.table} in{' '}
                {(job.result.ms / 1000).toFixed(1)} s ({job.result.rowsPerSecond.toLocaleString()} rows/s).
              </Alert>
            )}
            {job.error && !issues && !nameConflict && (
              <Alert
                severity={
                  job.error instanceof ApiError && job.error.body.code === 'cancelled' ? 'info' : 'error'
                }
                sx={{ mt: 2 }}
              >
                {job.error.message}. Nothing was written.
              </Alert>
            )}
            {issues && issues.length > 0 && <ImportIssues file={file.name} issues={issues} />}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose} disabled={job.running}>
              {job.result ? 'Done' : 'Cancel'}
            </Button>
            {!job.result && (
              <Button
                variant="contained"
                onClick={run}
                disabled={!plan || job.running || (target === 'dataset' && (!name.trim() || !!nameError))}
              >
                Import
              </Button>
            )}
          </DialogActions>
        </>
      )}
    </Dialog>
  )
}
