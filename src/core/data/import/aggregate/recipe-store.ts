import { z } from 'zod'
import type { Db } from '../../../db/port'
import { checksFieldsOf, readJson, saveJson, type SavedFormat } from '../../../db/saved-json'
import { transactionRecipeSchema, type TransactionRecipe } from '../../../../shared/transactions'
import { DELIMITERS, TEXT_ENCODINGS, type Delimiter, type TextEncoding } from '../../../../shared/data'

/** How a panel dataset was built from a transaction log: enough to build it again when the log grows. */
export interface SavedRecipe {
  source_file: string
  recipe: TransactionRecipe
  /** How the log was read. */
  read: { delimiter?: Delimiter; encoding?: TextEncoding; sheet?: string }
  lines: number
  rows: number
  built_at: string
}

export const RECIPE_FORMAT: SavedFormat<SavedRecipe> = {
  what: 'transaction-log recipe',
  version: 1,
  schema: checksFieldsOf<SavedRecipe>(
    z.looseObject({
      source_file: z.string(),
      recipe: transactionRecipeSchema,
      read: z.looseObject({
        delimiter: z.enum(DELIMITERS).optional(),
        encoding: z.enum(TEXT_ENCODINGS).optional(),
        sheet: z.string().optional()
      }),
      lines: z.number().int().nonnegative(),
      rows: z.number().int().nonnegative(),
      built_at: z.string()
    })
  )
}

const key = (dataset: string) => `dataset_recipe:${dataset}`

export function saveRecipe(db: Db, dataset: string, recipe: SavedRecipe): void {
  db.prepare('INSERT OR REPLACE INTO project_meta (key, value) VALUES (?, ?)').run(
    key(dataset),
    saveJson(RECIPE_FORMAT, recipe)
  )
}

/** The dataset's recipe, validated (an unknown version or a malformed value is refused), or null. */
export function readRecipe(db: Db, dataset: string): SavedRecipe | null {
  const row = db.prepare<{ value: string }>('SELECT value FROM project_meta WHERE key = ?').get(key(dataset))
  return row ? readJson(RECIPE_FORMAT, row.value) : null
}

export function deleteRecipe(db: Db, dataset: string): void {
  db.prepare('DELETE FROM project_meta WHERE key = ?').run(key(dataset))
}
