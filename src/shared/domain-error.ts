/** The one error every layer throws for a user's mistake (the contract's class: it depends on the error schema only). */
import type { ApiErrorBody, ErrorCode, Issue } from './errors'

/**
 * A refusal the user can act on: bad input, missing data, a plan that cannot run.
 * It carries the same `{code, message, issues}` the API returns, so a shell (HTTP,
 * IPC, CLI) or a worker boundary passes it on without guessing what it means.
 * Every user-facing error class of the core and the backend extends it.
 */
export class DomainError extends Error {
  readonly issues: Issue[]
  /** Whether the thrower listed issues (an empty list included): the body then carries them. */
  private readonly listed: boolean

  constructor(
    readonly code: ErrorCode,
    message: string,
    issues?: Issue[]
  ) {
    super(message)
    this.name = 'DomainError'
    this.issues = issues ?? []
    this.listed = issues !== undefined
  }

  toBody(): ApiErrorBody {
    return this.listed
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

/** The error an error body (an envelope's, a worker's wire form) stands for, rebuilt as the one DomainError. */
export function fromBody(b: ApiErrorBody): DomainError {
  return new DomainError(b.code, b.message, b.issues)
}
