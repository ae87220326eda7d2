import type { z } from 'zod'
import { DomainError } from '../../shared/domain-error'
import { toErrorBody } from '../../backend/error-body'
import type { ServeError, ServeErrorCode, ServeIssue } from '../../shared/serve/contract'

/** A refusal of the HTTP API: its status and the one error body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ServeErrorCode,
    message: string,
    readonly issues: ServeIssue[] = [],
    readonly headers: Record<string, string> = {}
  ) {
    super(message)
    this.name = 'HttpError'
  }

  body(): ServeError {
    return { error: { code: this.code, message: this.message, issues: this.issues } }
  }
}

/** A zod path as a field name: items[0].price. */
function fieldName(path: readonly PropertyKey[]): string | null {
  if (!path.length) return null
  return path.map((p, k) => (typeof p === 'number' ? `[${p}]` : `${k ? '.' : ''}${String(p)}`)).join('')
}

export function validationError(where: ServeIssue['file'], e: z.ZodError): HttpError {
  const issues = e.issues.slice(0, 20).map((i) => ({
    file: where,
    line: null,
    column: null,
    column_name: fieldName(i.path),
    message: i.message
  }))
  const first = issues[0]
  return new HttpError(
    400,
    'invalid_input',
    `invalid ${where}: ${first.column_name ? `${first.column_name}: ` : ''}${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`,
    issues
  )
}

/** JSON.parse's complaint with its line and column (V8 says "position N", newer ones "line L column C"). */
export function jsonError(text: string, e: Error): HttpError {
  let line: number | null = null
  let column: number | null = null
  const lc = /line (\d+) column (\d+)/.exec(e.message)
  const pos = /position (\d+)/.exec(e.message)
  if (lc) {
    line = Number(lc[1])
    column = Number(lc[2])
  } else if (pos) {
    const before = text.slice(0, Number(pos[1]))
    line = before.split('\n').length
    column = before.length - before.lastIndexOf('\n')
  } else if (text.trim() === '') {
    line = 1
    column = 1
  }
  const message = text.trim() === '' ? 'the body is empty: send a JSON object' : e.message
  return new HttpError(400, 'invalid_input', `the request body is not JSON: ${message}`, [
    { file: 'request body', line, column, column_name: null, message }
  ])
}

const STATUS_OF: Partial<Record<string, number>> = { not_found: 404, invalid_input: 400, csv_error: 400 }

/** Any error as an HttpError: ours as it is, the core's refusals by their code, anything else a 500. */
export function toHttpError(e: unknown): HttpError {
  if (e instanceof HttpError) return e
  if (e instanceof DomainError) {
    const d = toErrorBody(e)
    const status = STATUS_OF[d.code] ?? 500
    return new HttpError(
      status,
      status === 404 ? 'not_found' : status === 400 ? 'invalid_input' : 'internal',
      d.message
    )
  }
  return new HttpError(500, 'internal', `internal error: ${(e as Error)?.message ?? String(e)}`)
}
