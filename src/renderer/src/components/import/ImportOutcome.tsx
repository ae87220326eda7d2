// How a panel import went: its progress, the rows written, or why nothing was written.
import { Alert } from '@mui/material'
import type { ApiErrorBody } from '../../../../shared/errors'
import { ApiError } from '../../../../shared/api/envelope'
import type { ImportResult } from '../../../../shared/data/results'
import type { Job } from '../../api/useJob'
import { JobProgress } from '../JobProgress'
import { ImportIssues } from './ImportIssues'
import { count, seconds } from '../../format'

export function ImportOutcome({
  job,
  file,
  issues,
  nameConflict
}: {
  job: Job<ImportResult>
  file: string
  issues: ApiErrorBody['issues']
  /** The dataset name is taken: the name field says so, not an alert. */
  nameConflict: boolean
}) {
  return (
    <>
      {job.running && <JobProgress percent={job.percent} message={job.message} onCancel={job.cancel} />}
      {job.result && (
        <Alert severity="success" sx={{ mt: 2 }} data-testid="import-success">
          Imported {count(job.result.rows)} rows into{' '}
          {job.result.dataset ? `the dataset "${job.result.dataset}"` : `the table ${job.result.table}`} in{' '}
          {seconds(job.result.ms)} ({count(job.result.rowsPerSecond)} rows/s).
        </Alert>
      )}
      {job.error && !issues && !nameConflict && (
        <Alert
          severity={job.error instanceof ApiError && job.error.body.code === 'cancelled' ? 'info' : 'error'}
          sx={{ mt: 2 }}
        >
          {job.error.message}. Nothing was written.
        </Alert>
      )}
      {issues && issues.length > 0 && <ImportIssues file={file} issues={issues} />}
    </>
  )
}
