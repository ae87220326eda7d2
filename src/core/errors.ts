import type { ApiErrorBody, ErrorCode } from '../shared/api/envelope'
import type { CsvIssue } from './data/csv/errors'

/**
 * A refusal the user can act on: bad input, missing data, a plan that cannot run.
 * It carries the same `{code, message, issues}` the API returns, so a shell (HTTP,
 * IPC, CLI) or a worker boundary passes it on without guessing what it means.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: CsvIssue[]
  ) {
    super(message)
    this.name = 'DomainError'
  }

  toBody(): ApiErrorBody {
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message }
  }
}

/** A DomainError as plain data: structured clone (comlink, postMessage) keeps only fields, never the class. */
export interface DomainErrorWire extends ApiErrorBody {
  name: 'DomainError'
}

export function toWire(e: DomainError): DomainErrorWire {
  return { name: 'DomainError', ...e.toBody() }
}

export function isDomainErrorWire(v: unknown): v is DomainErrorWire {
  if (typeof v !== 'object' || v === null) return false
  const w = v as Record<string, unknown>
  return (
    w.name === 'DomainError' &&
    typeof w.code === 'string' &&
    typeof w.message === 'string' &&
    (w.issues === undefined || Array.isArray(w.issues))
  )
}

export function fromWire(w: DomainErrorWire): DomainError {
  return new DomainError(w.code, w.message, w.issues)
}
