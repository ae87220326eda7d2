/** Files PriceLab writes for the user (CSV exports, workbooks): a scratch path, then staged for saving or download. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import type { ExportedFile } from '../shared/api'
import type { FileRegistry } from './files'
import { scratchDir } from './paths'

/** A new path in PriceLab's exports folder for a file named `name`. */
export function exportPath(name: string): string {
  return join(scratchDir('exports'), `${randomUUID()}-${safeFileName(name)}`)
}

/** A name usable as a file name on every OS: no separators, no reserved characters. */
export function safeFileName(name: string): string {
  return name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'export'
}

/** A finished export: written to PriceLab's exports folder and staged for saving or download. */
export function saveExport(files: FileRegistry, name: string, csv: string, rows: number): ExportedFile {
  return saveExportWith(files, name, (path) => writeFileSync(path, csv), rows)
}

/** Stages a file that `write` puts at a new export path (a workbook). */
export function saveExportWith(
  files: FileRegistry,
  name: string,
  write: (path: string) => void,
  rows: number
): ExportedFile {
  const path = exportPath(name)
  write(path)
  return { ...files.stageOwned(path, safeFileName(name)), rows }
}
