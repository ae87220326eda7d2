import type { ApiErrorBody } from '../shared/api'
import { BusyError } from './jobs'
import { NotAProjectError } from './project-file'
import { OutputRefusedError, StorageError } from './safe-output'

/**
 * Errors of files, locks and disks in the user's terms, with the code a script can
 * act on. Node's own messages (ENOSPC with an internal path, "database is locked")
 * never reach the user.
 */
export function reliabilityError(e: unknown): ApiErrorBody | null {
  if (e instanceof BusyError) return { code: 'busy', message: e.message }
  if (e instanceof OutputRefusedError || e instanceof NotAProjectError)
    return { code: 'invalid_input', message: e.message }
  if (e instanceof StorageError) return { code: 'storage', message: e.message }
  const code = (e as { code?: unknown })?.code
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY_SNAPSHOT')
    return {
      code: 'busy',
      message:
        'the project is being changed by another PriceLab window or command (the file is locked): try again when it has finished'
    }
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return {
      code: 'storage',
      message: 'the disk is full: the file was not written. Free some space and try again.'
    }
  if (code === 'EROFS')
    return { code: 'storage', message: 'the disk is read-only: the file was not written.' }
  return null
}
