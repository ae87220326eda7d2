import { Worker } from 'node:worker_threads'
import { CsvImportError } from '../core/data/csv/errors'
import type { CsvIssue } from '../shared/errors'
import type { WorkbookParser, WorkbookRecords } from '../core/data/import/records'
import type { XlsxOptions } from '../core/data/import/xlsx'
import { startWorker, workerScript } from './worker-script'

/** What the workbook worker sends back. */
export type WorkbookReply =
  | { type: 'opened'; sheets: string[]; sheet: string }
  | { type: 'rows'; rows: { fields: string[]; line: number }[] | null }
  | { type: 'refused'; issues: CsvIssue[] }
  | { type: 'failed'; message: string }

export interface WorkbookWorkerOptions {
  /** Heap cap of the parsing thread: a sheet needing more is refused, the process lives on. */
  memoryMb?: number
  /** Longest wait for the sheet to be parsed, and for each batch of records. */
  timeoutMs?: number
  workerFile?: string
}

export const WORKBOOK_MEMORY_MB = 4096
export const WORKBOOK_TIMEOUT_MS = 5 * 60_000

/**
 * A WorkbookParser that parses in its own worker thread, so a large sheet never
 * blocks the server's other requests, and a truncated, hostile or oversized file
 * is refused within the time limit or the memory cap with a message saying what to do.
 */
export function workbookInWorker(o: WorkbookWorkerOptions = {}): WorkbookParser {
  return async (bytes, opts) => {
    const channel = new WorkbookChannel(bytes, opts, o)
    const first = await channel.request(false)
    if (first.type !== 'opened') {
      channel.close()
      throw channel.unexpected(first)
    }
    const records: WorkbookRecords = {
      sheets: first.sheets,
      sheet: first.sheet,
      next: async () => {
        const r = await channel.request(true)
        if (r.type === 'rows') return r.rows
        channel.close()
        throw channel.unexpected(r)
      },
      close: () => channel.close()
    }
    return records
  }
}

class WorkbookChannel {
  private readonly worker: Worker
  private readonly memoryMb: number
  private readonly timeoutMs: number
  private closed = false

  constructor(
    bytes: Uint8Array,
    private readonly opts: XlsxOptions,
    o: WorkbookWorkerOptions
  ) {
    this.memoryMb = o.memoryMb ?? WORKBOOK_MEMORY_MB
    this.timeoutMs = o.timeoutMs ?? WORKBOOK_TIMEOUT_MS
    const file = o.workerFile ?? workerScript('workbook.worker')
    const options = {
      workerData: { bytes, opts },
      resourceLimits: { maxOldGenerationSizeMb: this.memoryMb }
    }
    this.worker = startWorker(file, options)
  }

  /** The worker's next message (asking for one when `ask`), or a refusal when it dies or overruns the time limit. */
  request(ask: boolean): Promise<WorkbookReply> {
    if (this.closed) return Promise.reject(new Error('the workbook reader is closed'))
    return new Promise((resolve, reject) => {
      const done = (fn: () => void) => {
        clearTimeout(timer)
        this.worker.off('message', onMessage)
        this.worker.off('error', onError)
        this.worker.off('exit', onExit)
        fn()
      }
      const onMessage = (m: WorkbookReply) => done(() => resolve(m))
      const onError = (e: Error & { code?: string }) =>
        done(() => {
          this.close()
          reject(
            e.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? this.refusal(
                  `the sheet needs more than ${this.memoryMb} MB of memory to read; save the sheet as CSV UTF-8 and import that`
                )
              : this.refusal(
                  `the workbook could not be read (${e.message}); save the sheet as CSV UTF-8 and import that`
                )
          )
        })
      const onExit = (code: number) =>
        done(() =>
          reject(
            this.refusal(
              `the workbook reader stopped unexpectedly (code ${code}); save the sheet as CSV UTF-8 and import that`
            )
          )
        )
      const timer = setTimeout(
        () =>
          done(() => {
            this.close()
            reject(
              this.refusal(
                `reading the workbook took longer than ${Math.round(this.timeoutMs / 1000)} s, so it was stopped (the file may be damaged); save the sheet as CSV UTF-8 and import that`
              )
            )
          }),
        this.timeoutMs
      )
      this.worker.on('message', onMessage)
      this.worker.on('error', onError)
      this.worker.on('exit', onExit)
      if (ask) this.worker.postMessage('next')
    })
  }

  unexpected(r: WorkbookReply): Error {
    if (r.type === 'refused') return new CsvImportError(r.issues)
    if (r.type === 'failed')
      return this.refusal(
        `the workbook could not be read (${r.message}); save the sheet as CSV UTF-8 and import that`
      )
    return new Error(`the workbook reader answered "${r.type}" out of turn`)
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    void this.worker.terminate()
  }

  private refusal(message: string): CsvImportError {
    return new CsvImportError([{ file: this.opts.file, line: 1, column: 1, message }])
  }
}
