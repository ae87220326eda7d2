import type { ReactNode } from 'react'
import { Alert, Box, Card, CardContent, Typography } from '@mui/material'
import type { ApiError } from '../../../shared/api'
import { JobProgress } from './JobProgress'
import { jobStatusOf } from './job-status'

/** What the card needs of a useJob(): progress while it runs, its cancel, and how it ended. */
export interface JobView {
  running: boolean
  percent: number
  message: string
  error: ApiError | Error | null
  cancel(): void
}

/** A job's end or a call's failure: neutral when cancelled, red with the contract's code otherwise. */
export function JobAlert({ error }: { error: ApiError | Error | string | null | undefined }) {
  const s = jobStatusOf(error)
  if (!s) return null
  return (
    <Alert severity={s.severity} data-testid={s.severity === 'info' ? 'job-cancelled' : 'job-error'}>
      {s.message}
      {s.code && (
        <Typography
          component="span"
          variant="caption"
          color="text.secondary"
          sx={{ ml: 1, fontFamily: 'monospace' }}
          data-testid="error-code"
        >
          ({s.code})
        </Typography>
      )}
    </Alert>
  )
}

/**
 * The pages' train / run card: the controls (children) with the start button, the job's progress
 * and cancel while it runs (also after navigation or a reload: useJob re-attaches), and below the
 * card how it ended. `error` is the page's own failure (a load, an export); it wins over the job's.
 */
export function JobCard({
  job,
  error,
  children
}: {
  job: JobView
  error?: ApiError | Error | string | null
  children: ReactNode
}) {
  return (
    <>
      <Card>
        <CardContent sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
          {children}
        </CardContent>
        {job.running && (
          <Box sx={{ px: 2, pb: 2 }}>
            <JobProgress percent={job.percent} message={job.message} onCancel={job.cancel} />
          </Box>
        )}
      </Card>
      <JobAlert error={error || job.error} />
    </>
  )
}
