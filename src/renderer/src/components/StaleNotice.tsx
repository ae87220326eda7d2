import type { ReactNode } from 'react'
import { Alert, Box, Button } from '@mui/material'
import { staleness } from './stale'

/**
 * Marks results that no longer answer the form: computed with other settings than
 * the ones now shown, left over from before a run that failed, or computed on data since
 * regenerated or replaced (the server's `stale` reason). The banner stays
 * until a run with the current settings succeeds; children (the results) are dimmed
 * meanwhile, never hidden, so the analyst can still read what they were.
 */
export function StaleNotice({
  computedWith,
  current,
  failed = false,
  onRerun,
  rerunLabel = 'Run again',
  rerunDisabled = false,
  children,
  testId = 'stale-notice',
  dataChanged
}: {
  /** The settings the shown results were computed with; undefined: no results (nothing to mark). */
  computedWith: unknown
  /** The settings now in the form. */
  current: unknown
  /** The last run failed: the results shown are from an earlier one. */
  failed?: boolean
  onRerun?: () => void
  rerunLabel?: string
  /** The form is invalid or a run is going: the banner's button waits. */
  rerunDisabled?: boolean
  children?: ReactNode
  testId?: string
  /** Why the results no longer describe the data (regenerated or replaced since they were computed). */
  dataChanged?: string
}) {
  const state =
    computedWith === undefined ? 'fresh' : staleness(computedWith, current, failed, dataChanged !== undefined)
  const banner =
    state === 'fresh' ? null : (
      <Alert
        severity="warning"
        data-testid={testId}
        data-stale={state}
        action={
          onRerun ? (
            <Button
              color="inherit"
              size="small"
              onClick={onRerun}
              disabled={rerunDisabled}
              sx={{ whiteSpace: 'nowrap' }}
            >
              {rerunLabel}
            </Button>
          ) : undefined
        }
      >
        {state === 'data'
          ? `These results describe data that has changed since — ${dataChanged}.`
          : state === 'failed'
            ? 'The last run failed: these results are from an earlier run and may not match the settings above.'
            : 'These results were computed with other settings — run again to update them.'}
      </Alert>
    )
  if (children === undefined) return banner
  return (
    <>
      {banner}
      <Box
        sx={{ opacity: state === 'fresh' ? 1 : 0.55, transition: 'opacity 0.2s' }}
        data-stale-results={state}
      >
        {children}
      </Box>
    </>
  )
}
