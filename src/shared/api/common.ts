/** Field schemas every domain's calls use (ids, paths, seeds, dates), written once. */
import { z } from 'zod'
import { DELIMITERS } from '../data'

export const jobId = z.string().min(1).max(100)
export const filePath = z.string().min(1).max(4096)
export const delimiter = z.enum(DELIMITERS)

/** A random seed: a non-negative 31-bit integer (what every seeded generator and split accepts). */
export const seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31)

/** A calendar date as the API takes it. */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')

/** A staged file handed back to the user (a CSV export, a report file). */
export const stagedFileSchema = z.object({
  fileId: z.string(),
  name: z.string(),
  size: z.number()
})
export type StagedFile = z.infer<typeof stagedFileSchema>

export const exportedFileSchema = stagedFileSchema.extend({ rows: z.number() })
export type ExportedFile = z.infer<typeof exportedFileSchema>
