/** What the transaction-log calls return (output schemas; every type inferred from them). */
import { z } from 'zod'
import { savedDatasetRolesSchema } from '../data/roles'
import { transactionRecipeSchema } from './index'

export const transactionImportResultSchema = z.object({
  table: z.string(),
  dataset: z.string(),
  /** Rows of the panel (item × period cells). */
  rows: z.number(),
  /** Sales lines read from the log. */
  lines: z.number(),
  items: z.number(),
  periods: z.number(),
  bytes: z.number(),
  ms: z.number(),
  lines_per_second: z.number(),
  /** Threads that read the log: 1 = one reader (a small or single-row-group log), else one per range reader used. */
  read_threads: z.number()
})
export type TransactionImportResult = z.infer<typeof transactionImportResultSchema>

/** The panel a recipe will build: the same pass as the import, nothing written. */
export const panelPreviewSchema = z.object({
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  roles: savedDatasetRolesSchema,
  /** Panel rows (item × period cells), sales lines read, items and periods. */
  rows: z.number(),
  lines: z.number(),
  items: z.number(),
  periods: z.number(),
  /** The first rows of the panel, in the order they will be written. */
  head: z.array(z.array(z.union([z.string(), z.number()]).nullable()))
})
export type PanelPreview = z.infer<typeof panelPreviewSchema>

/** A sample's transaction log: the recipe whose aggregation of its lines is the sample's panel. */
export const sampleLogSchema = z.object({
  recipe: z.object(transactionRecipeSchema.shape),
  lines: z.number(),
  rows: z.number()
})
export type SampleLog = z.infer<typeof sampleLogSchema>
