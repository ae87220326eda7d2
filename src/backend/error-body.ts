/**
 * THE mapping from anything thrown to the one error body `{code, message, issues}`: the backend's
 * dispatch, the workers, the HTTP servers, IPC and the CLI all use it. A DomainError is the user's
 * mistake and says so itself; files, locks and disks are told in the user's terms (Node's own
 * messages with internal paths never reach the user); anything else is a bug: `internal`.
 */
import { DomainError, fromBody } from '../shared/domain-error'
import type { ApiErrorBody } from '../shared/errors'

const LOCKED =
  'the project is being changed by another PriceLab window or command (the file is locked): try again when it has finished'

/** Node's and SQLite's codes of a busy file or a failing disk, in the user's terms; null for anything else. */
function reliabilityBody(code: string): ApiErrorBody | null {
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY_SNAPSHOT')
    return { code: 'busy', message: LOCKED }
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return {
      code: 'storage',
      message: 'the disk is full: the file was not written. Free some space and try again.'
    }
  if (code === 'EROFS')
    return { code: 'storage', message: 'the disk is read-only: the file was not written.' }
  if (code === 'SQLITE_FULL')
    return {
      code: 'storage',
      message: 'the disk is full: nothing was written. Free some space and try again.'
    }
  if (code.startsWith('SQLITE_READONLY'))
    return {
      code: 'storage',
      message: 'the project file is read-only: nothing was written. Save a copy somewhere writable.'
    }
  if (code.startsWith('SQLITE_IOERR'))
    return { code: 'storage', message: `the disk reported an error (${code}): nothing was written.` }
  return null
}

export function toErrorBody(e: unknown): ApiErrorBody {
  if (e instanceof DomainError) return e.toBody()
  const err = e as { code?: unknown; message?: string } | null | undefined
  const code = typeof err?.code === 'string' ? err.code : ''
  return reliabilityBody(code) ?? { code: 'internal', message: err?.message ?? String(e) }
}

/** Anything thrown as a DomainError: the user's mistake as it is, anything else with its body (a bug: `internal`). */
export function toDomainError(e: unknown): DomainError {
  if (e instanceof DomainError) return e
  return fromBody(toErrorBody(e))
}
