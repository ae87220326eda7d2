import { z } from 'zod'
import type { Db } from '../../db/port'
import { checksFieldsOf, readJson, saveJson, type SavedFormat } from '../../db/saved-json'

/** Lines kept per note: enough to find the pattern in the file, small enough for the project. */
export const NOTE_LINES = 20

/**
 * What an import noticed that only the file can tell later: the file lines of negative
 * quantities (returns), so the refusal that follows names them even though the table
 * keeps no line numbers. Saved per dataset in project_meta ('import_notes:<name>').
 */
export interface ImportNotes {
  file: string
  /** `position`: the column's 1-based position in the file. */
  negative_quantities: { column: string; position: number; count: number; lines: number[] } | null
}

export const IMPORT_NOTES_FORMAT: SavedFormat<ImportNotes> = {
  what: 'import notes',
  version: 1,
  schema: checksFieldsOf<ImportNotes>(
    z.looseObject({
      file: z.string(),
      negative_quantities: z
        .looseObject({
          column: z.string(),
          position: z.number().int().positive(),
          count: z.number().int().nonnegative(),
          lines: z.array(z.number().int().positive())
        })
        .nullable()
    })
  )
}

const key = (dataset: string) => `import_notes:${dataset}`

/** Counts the negative values of the quantity column as rows are read, keeping the first lines. */
export class NegativeQuantityTracker {
  count = 0
  readonly lines: number[] = []
  /** 1-based position of the column in the file, once the header is read. */
  position = 1
  constructor(readonly column: string) {}

  see(value: unknown, line: number): void {
    if (typeof value !== 'number' || !(value < 0)) return
    this.count++
    if (this.lines.length < NOTE_LINES) this.lines.push(line)
  }
}

/** Replaces the dataset's notes (inside the import's transaction: all or nothing with the rows). */
export function saveImportNotes(
  db: Db,
  dataset: string,
  file: string,
  tracker: NegativeQuantityTracker | null
) {
  const negative =
    tracker && tracker.count
      ? { column: tracker.column, position: tracker.position, count: tracker.count, lines: tracker.lines }
      : null
  if (!negative) {
    db.prepare('DELETE FROM project_meta WHERE key = ?').run(key(dataset))
    return
  }
  db.prepare('INSERT OR REPLACE INTO project_meta (key, value) VALUES (?, ?)').run(
    key(dataset),
    saveJson(IMPORT_NOTES_FORMAT, { file, negative_quantities: negative })
  )
}

export function readImportNotes(db: Db, dataset: string): ImportNotes | null {
  const row = db.prepare<{ value: string }>('SELECT value FROM project_meta WHERE key = ?').get(key(dataset))
  return row ? readJson(IMPORT_NOTES_FORMAT, row.value) : null
}
