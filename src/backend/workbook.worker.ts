import { parentPort, workerData } from 'node:worker_threads'
import { openXlsx, type OpenedSheet, type XlsxOptions } from '../core/data/import/xlsx'
import { nextBatch } from '../core/data/import/records'
import { CsvImportError } from '../core/data/csv/errors'
import type { WorkbookReply } from './workbook-reader'

// A workbook worker: parses ONE sheet of one workbook, then hands its records over a batch per
// request. It runs under a heap cap and a time limit set by its host; a hostile file ends only it.
function reply(m: WorkbookReply): void {
  parentPort?.postMessage(m)
}

function failure(e: unknown): WorkbookReply {
  return e instanceof CsvImportError
    ? { type: 'refused', issues: e.issues }
    : { type: 'failed', message: e instanceof Error ? e.message : String(e) }
}

const { bytes, opts } = workerData as { bytes: Uint8Array; opts: XlsxOptions }
let opened: OpenedSheet | null = null
try {
  opened = openXlsx(bytes, opts)
  reply({ type: 'opened', sheets: opened.sheets, sheet: opened.sheet })
} catch (e) {
  reply(failure(e))
}
parentPort?.on('message', () => {
  if (!opened) return
  try {
    reply({ type: 'rows', rows: nextBatch(opened.records) })
  } catch (e) {
    reply(failure(e))
  }
})
