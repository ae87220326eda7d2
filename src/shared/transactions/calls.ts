/** Transaction-log import: sales lines → an item × period panel dataset (with its recipe), and its preview. */
import { z } from 'zod'
import { SAMPLE_KINDS, TEXT_ENCODINGS } from '../data'
import { transactionRecipeSchema } from './index'
import { panelPreviewSchema, sampleLogSchema, transactionImportResultSchema } from './results'
import { delimiter, exportedFileSchema, filePath, jobId } from '../api/common'

const read = {
  fileId: z.string().min(1),
  delimiter: delimiter.optional(),
  decimal: z.enum(['.', ',']).optional(),
  encoding: z.enum(TEXT_ENCODINGS).optional(),
  sheet: z.string().min(1).max(31).optional()
}

export const transactionCalls = {
  'import:transactions': {
    input: z.strictObject({
      jobId,
      ...read,
      name: z.string().min(1).max(100),
      replace: z.boolean().optional(),
      /** The recipe; omitted with `rebuild`: the dataset's saved recipe is applied to this (grown) log. */
      recipe: transactionRecipeSchema.optional(),
      rebuild: z.boolean().optional()
    }),
    output: transactionImportResultSchema
  },
  /** The panel a recipe builds from the log, without writing: its row count and first rows. */
  'import:transactionsPreview': {
    input: z.strictObject({ jobId: jobId.optional(), ...read, recipe: transactionRecipeSchema }),
    output: panelPreviewSchema
  },
  /** A built-in sample's transaction log (CSV): its aggregation with the returned recipe is the sample's panel. */
  'export:transactions': {
    input: z.strictObject({ kind: z.enum(SAMPLE_KINDS) }),
    output: exportedFileSchema.extend(sampleLogSchema.shape)
  },
  /** The same group-by as SQL over the log at `source` (DuckDB, or a warehouse's): `import --print-sql`. */
  'import:transactionsSql': {
    input: z.strictObject({ recipe: transactionRecipeSchema, source: filePath }),
    output: z.strictObject({ sql: z.string() })
  }
} as const
