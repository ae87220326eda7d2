import { ApiError } from '../../../shared/api/envelope'

/** How a page shows the end of a job or a failed call: cancelling is the analyst's choice, never a red failure. */
export interface JobStatusView {
  severity: 'info' | 'error'
  /** The contract's error code ("invalid_input", "not_found", …); null for a cancel or an error without one. */
  code: string | null
  message: string
}

/** "elasticity run cancelled" → "Elasticity run cancelled." : a status line reads as a sentence. */
const sentence = (m: string): string =>
  m ? `${m[0].toUpperCase()}${m.slice(1)}${/[.!?]$/.test(m) ? '' : '.'}` : m

/**
 * Reads an error of a job or a call: an ApiError keeps its code; a cancel (code 'cancelled', or a
 * re-attached job that ended cancelled) is neutral. A plain string is a page's own message.
 */
export function jobStatusOf(error: ApiError | Error | string | null | undefined): JobStatusView | null {
  if (error === null || error === undefined || error === '') return null
  if (typeof error === 'string') return { severity: 'error', code: null, message: error }
  const code = error instanceof ApiError ? error.body.code : null
  if (code === 'cancelled' || error.name === 'CancelledError')
    return { severity: 'info', code: null, message: sentence(error.message) || 'Cancelled.' }
  return { severity: 'error', code, message: error.message || String(error) }
}
