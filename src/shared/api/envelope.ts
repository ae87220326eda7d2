/** How a call's result or error crosses a boundary (IPC, HTTP, a worker): the envelope and its error body. */
import type { ApiErrorBody } from '../errors'

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
