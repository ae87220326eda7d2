/** How a call's result or error crosses a boundary (IPC, HTTP, a worker): the envelope and its error body. */
import type { CsvIssue } from '../../core/data/csv/errors'

export type ErrorCode =
  | 'invalid_input'
  | 'csv_error'
  | 'cancelled'
  /** The disk is full, the file is read-only or the disk failed: nothing was written. */
  | 'storage'
  | 'not_found'
  | 'no_project'
  | 'schema_too_new'
  | 'busy'
  | 'internal'
  /** An import under a dataset name already in the project, without "replace" (a form error on the name). */
  | 'dataset_exists'

export interface ApiErrorBody {
  code: ErrorCode
  message: string
  /** For csv_error: the first problems, each with file, line and column. */
  issues?: CsvIssue[]
}

/** Errors keep their shape across the boundary (Signal Desktop style). */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody }

export class ApiError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message)
    this.name = 'ApiError'
  }
}

/** Pushed from the backend: progress of long jobs (import, generation, training). */
export type ApiEvent = { type: 'progress'; jobId: string; percent: number; message: string }
