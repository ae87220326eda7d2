// Parts of the sales-lines import: the dataset name (with its replace choice) and how the import went.
import { useState } from 'react'
import { Alert, Box, Checkbox, FormControlLabel, TextField } from '@mui/material'
import type { ApiResult, StagedFile } from '../../../../shared/api'
import { ApiError } from '../../../../shared/api/envelope'
import type { Job } from '../../api/useJob'
import { JobProgress } from '../JobProgress'
import { ImportIssues } from './ImportIssues'
import { count, seconds } from '../../format'

const n = count

interface NameProps {
  name: string
  taken: boolean
  replace: boolean
  nameError: string | null
  onName(name: string): void
  onReplace(replace: boolean): void
}

/** The new dataset's name; when it is taken, a checkbox to replace the existing one. */
export function LogDatasetName({ name, taken, replace, nameError, onName, onReplace }: NameProps) {
  return (
    <Box sx={{ display: 'flex', gap: 2, mb: 1, alignItems: 'flex-start' }}>
      <TextField
        size="small"
        label="Dataset name"
        value={name}
        onChange={(e) => onName(e.target.value)}
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
              onChange={(e) => onReplace(e.target.checked)}
              slotProps={{ input: { 'aria-label': 'Replace the existing dataset' } }}
            />
          }
          label={`Replace the existing "${name.trim()}" (its rows are deleted)`}
        />
      )}
    </Box>
  )
}

interface OutcomeProps {
  file: StagedFile
  job: Job<ApiResult<'import:transactions'>>
  otherError: ApiError | Error | null
  issues: ApiError['body']['issues']
}

/** The import's progress, its success, a failure (nothing written), or the file's issues. */
export function LogImportOutcome({ file, job, otherError, issues }: OutcomeProps) {
  return (
    <>
      {job.running && <JobProgress percent={job.percent} message={job.message} onCancel={job.cancel} />}
      {job.result && (
        <Alert severity="success" sx={{ mt: 2 }} data-testid="import-success">
          Built {n(job.result.rows)} panel rows ({n(job.result.items)} items × {n(job.result.periods)}{' '}
          periods) from {n(job.result.lines)} sales lines into the dataset &quot;{job.result.dataset}&quot; in{' '}
          {seconds(job.result.ms)}.
        </Alert>
      )}
      {otherError && (
        <Alert
          severity={otherError instanceof ApiError && otherError.body.code === 'cancelled' ? 'info' : 'error'}
          sx={{ mt: 2 }}
        >
          {otherError.message}. Nothing was written.
        </Alert>
      )}
      {issues && <ImportIssues file={file.name} issues={issues} />}
    </>
  )
}

/** The new dataset's name (the file's, without extension, at first), whether it is taken and replaced. */
export function useNewDatasetName(fileName: string, existing: string[]) {
  const [name, setName] = useState(fileName.replace(/\.[^.]+$/, ''))
  const [replace, setReplace] = useState(false)
  const taken = existing.some((x) => x.toLowerCase() === name.trim().toLowerCase())
  const nameError = taken && !replace ? `A dataset named "${name.trim()}" already exists.` : null
  const rename = (v: string) => {
    setName(v)
    setReplace(false)
  }
  return { name, rename, replace, setReplace, taken, nameError }
}

/** The file's issues (from the import or the preview) when there are some; any other failure otherwise. */
export function splitImportErrors(...errors: (ApiError | Error | null)[]) {
  const problem = errors.find((e) => e instanceof ApiError && e.body.issues?.length)
  const issues = problem instanceof ApiError ? problem.body.issues : undefined
  const otherError = !issues ? (errors.find((e) => e !== null) ?? null) : null
  return { issues, otherError }
}
