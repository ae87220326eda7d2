import { useMemo, useState } from 'react'
import {
  Alert,
  Box,
  Button,
  Checkbox,
  DialogActions,
  DialogContent,
  FormControlLabel,
  TextField
} from '@mui/material'
import type { ReactNode } from 'react'
import type { ApiResult, StagedFile } from '../../../../shared/api'
import { ApiError } from '../../../../shared/api/envelope'
import { usePriceLab } from '../../api/ClientContext'
import { useJob } from '../../api/useJob'
import { useDataset } from '../../data/DatasetContext'
import { JobProgress } from '../JobProgress'
import { guessChoices, recipeOf, type LogChoices } from './guessRecipe'
import { ImportIssues } from './ImportIssues'
import { LogColumnChoices } from './LogColumnChoices'
import { logReadOf } from './logRead'
import { PanelPreviewTable } from './PanelPreviewTable'
import { usePanelPreview } from './usePanelPreview'
import type { CsvPreview } from '../../../../shared/data/results'

const n = (x: number) => x.toLocaleString('en-US')

/**
 * The Import dialog's "sales lines" mode: the log's columns are chosen for each role, the panel
 * they build is previewed from the whole log, and Import aggregates and writes it as a dataset.
 */
export function TransactionLogImport({
  file,
  preview,
  existing,
  header,
  onClose,
  onImported
}: {
  file: StagedFile
  preview: CsvPreview
  existing: string[]
  /** The file's facts and the mode choice, shown above the log's choices. */
  header: ReactNode
  onClose: () => void
  onImported?: (table: string) => void
}) {
  const { client, refresh } = usePriceLab()
  const { setDataset } = useDataset()
  const job = useJob<ApiResult<'import:transactions'>>()
  const columns = preview.header
  const [choices, setChoices] = useState<LogChoices>(() => guessChoices(columns))
  const [name, setName] = useState(file.name.replace(/\.[^.]+$/, ''))
  const [replace, setReplace] = useState(false)
  const read = useMemo(() => logReadOf(preview), [preview])
  const timeFormat = preview.columns[columns.indexOf(choices.time)]?.dateFormat
  const { recipe, missing } = recipeOf(choices, timeFormat)
  const panel = usePanelPreview(file.fileId, read, recipe)

  const taken = existing.some((x) => x.toLowerCase() === name.trim().toLowerCase())
  const nameError = taken && !replace ? `A dataset named "${name.trim()}" already exists.` : null
  const problem = [job.error, panel.error].find((e) => e instanceof ApiError && e.body.issues?.length)
  const issues = problem instanceof ApiError ? problem.body.issues : undefined
  const otherError = !issues ? (job.error ?? panel.error) : null

  const run = async () => {
    if (!recipe) return
    const r = await job.start((jobId) =>
      client.call('import:transactions', {
        jobId,
        fileId: file.fileId,
        ...read,
        name: name.trim(),
        recipe,
        replace: taken && replace
      })
    )
    if (r) {
      await refresh()
      // The new panel becomes the app's dataset: the pages open on it, ready for an elasticity run.
      setDataset(r.dataset)
      onImported?.(r.table)
    }
  }

  return (
    <>
      <DialogContent dividers>
        {header}
        <Box sx={{ display: 'flex', gap: 2, mb: 1, alignItems: 'flex-start' }}>
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
          {taken && (
            <FormControlLabel
              control={
                <Checkbox
                  size="small"
                  checked={replace}
                  onChange={(e) => setReplace(e.target.checked)}
                  slotProps={{ input: { 'aria-label': 'Replace the existing dataset' } }}
                />
              }
              label={`Replace the existing "${name.trim()}" (its rows are deleted)`}
            />
          )}
        </Box>
        <LogColumnChoices
          columns={columns}
          choices={choices}
          onChange={(p) => setChoices((c) => ({ ...c, ...p }))}
        />
        {missing && (
          <Alert severity="info" sx={{ mt: 2 }}>
            {missing}
          </Alert>
        )}
        {!issues && <PanelPreviewTable preview={panel.preview} reading={panel.reading} />}
        {job.running && <JobProgress percent={job.percent} message={job.message} onCancel={job.cancel} />}
        {job.result && (
          <Alert severity="success" sx={{ mt: 2 }} data-testid="import-success">
            Built {n(job.result.rows)} panel rows ({n(job.result.items)} items × {n(job.result.periods)}{' '}
            periods) from {n(job.result.lines)} sales lines into {job.result.table} in{' '}
            {(job.result.ms / 1000).toFixed(1)} s.
          </Alert>
        )}
        {otherError && (
          <Alert
            severity={
              otherError instanceof ApiError && otherError.body.code === 'cancelled' ? 'info' : 'error'
            }
            sx={{ mt: 2 }}
          >
            {otherError.message}. Nothing was written.
          </Alert>
        )}
        {issues && <ImportIssues file={file.name} issues={issues} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={job.running}>
          {job.result ? 'Done' : 'Cancel'}
        </Button>
        {!job.result && (
          <Button
            variant="contained"
            onClick={run}
            disabled={!recipe || job.running || !name.trim() || !!nameError || !!panel.error}
          >
            Import
          </Button>
        )}
      </DialogActions>
    </>
  )
}
