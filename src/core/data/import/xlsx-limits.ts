/**
 * What the importer decides about a workbook before reading it: kept apart from xlsx.ts so that checking a file
 * does not load the spreadsheet library (it is loaded when a workbook is actually read).
 */

/** An .xlsx workbook (or any zip) starts with the local-file-header magic "PK\x03\x04". */
export function isZip(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04
}

/** Largest workbook read (it is unzipped in memory): ~1.3 M rows of a typical sales sheet. */
export const MAX_XLSX_BYTES = 200 * 1024 * 1024
