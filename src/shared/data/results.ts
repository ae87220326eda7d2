/** The data domain's contract, part 3: what its calls return (output schemas; every type inferred from them). */
import { z } from 'zod'
import {
  COLUMN_TYPES,
  DATE_FORMATS,
  DECIMAL_SEPARATORS,
  DELIMITERS,
  FILE_FORMATS,
  SAMPLE_KINDS,
  TEXT_ENCODINGS
} from './index'
import { COLUMN_ROLES, savedDatasetRolesSchema } from './roles'

/** A value as SQLite hands it back. */
export const sqlValueSchema = z.union([
  z.number(),
  z.string(),
  z.bigint(),
  z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes'),
  z.null()
])
export type SqlValue = z.infer<typeof sqlValueSchema>

const columnTypeSchema = z.enum(COLUMN_TYPES)
const typedColumnSchema = z.object({ name: z.string(), type: columnTypeSchema })

export const tableInfoSchema = z.object({
  name: z.string(),
  kind: z.enum(['seed', 'dataset']),
  /** The dataset's own name, for dataset tables. */
  dataset: z.string().nullable(),
  rows: z.number(),
  columns: z.array(typedColumnSchema)
})
export type TableInfo = z.infer<typeof tableInfoSchema>

export const rowPageSchema = z.object({
  columns: z.array(typedColumnSchema),
  rows: z.array(z.array(sqlValueSchema)),
  total: z.number(),
  offset: z.number()
})
export type RowPage = z.infer<typeof rowPageSchema>

export const columnSummarySchema = z.object({
  name: z.string(),
  type: columnTypeSchema,
  count: z.number(),
  missing: z.number(),
  distinct: z.number(),
  min: z.union([z.number(), z.string()]).nullable(),
  max: z.union([z.number(), z.string()]).nullable(),
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  /** Numeric columns: equal-width bins. Date columns: one bin per month. */
  histogram: z.array(
    z.object({
      label: z.string(),
      from: z.union([z.number(), z.string()]),
      to: z.union([z.number(), z.string()]),
      count: z.number()
    })
  ),
  /** Text columns: the most frequent values. */
  top: z.array(z.object({ value: z.string(), count: z.number() }))
})
export type ColumnSummary = z.infer<typeof columnSummarySchema>

export const tableSummarySchema = z.object({
  table: z.string(),
  rows: z.number(),
  /** Summaries were computed on the first `sampled` rows when the table is larger than that. */
  sampled: z.number().nullable(),
  columns: z.array(columnSummarySchema)
})
export type TableSummary = z.infer<typeof tableSummarySchema>

/**
 * A dataset whose saved record or table is damaged (unreadable roles, a foreign table name, a dropped table): left
 * out of `data:datasets` so the list keeps working, and listed here with the reason and the repair.
 */
export const damagedDatasetSchema = z.object({ name: z.string(), message: z.string() })
export type DamagedDataset = z.infer<typeof damagedDatasetSchema>

export const datasetInfoSchema = z.object({
  id: z.number(),
  name: z.string(),
  table: z.string(),
  sourceFile: z.string(),
  importedAt: z.string(),
  rows: z.number(),
  columns: z.array(typedColumnSchema),
  roles: savedDatasetRolesSchema,
  version: z.number()
})
export type DatasetInfo = z.infer<typeof datasetInfoSchema>

/** How the encoding was chosen, for the preview ("UTF-16 LE (byte-order mark)"). */
export const encodingGuessSchema = z.object({
  encoding: z.enum(TEXT_ENCODINGS),
  reason: z.enum(['bom', 'valid-utf8', 'invalid-utf8', 'nul-bytes', 'chosen'])
})
export type EncodingGuess = z.infer<typeof encodingGuessSchema>

export const inferredColumnSchema = z.object({
  name: z.string(),
  type: columnTypeSchema,
  missing: z.number(),
  distinct: z.number(),
  examples: z.array(z.string()),
  /** Sampled values that do not fit the inferred type: the import will stop on them, with their line. */
  invalid: z.number(),
  /** A date column's format; null when the sample fits several (see dateFormats) and the user must choose. */
  dateFormat: z.enum(DATE_FORMATS).nullable().optional(),
  /** A date column whose format is ambiguous (every day ≤ 12): the formats it fits. */
  dateFormats: z.array(z.enum(DATE_FORMATS)).optional()
})
export type InferredColumn = z.infer<typeof inferredColumnSchema>

export const csvPreviewSchema = z.object({
  file: z.string(),
  /** What the file is, by content (a workbook renamed .csv is still a workbook). */
  format: z.enum(FILE_FORMATS),
  /** The text encoding read (guessed unless chosen); a workbook reports utf-8. */
  encoding: encodingGuessSchema,
  /** A workbook's sheets and the one previewed. */
  sheets: z.array(z.string()).optional(),
  sheet: z.string().optional(),
  /** One guessed role per column (same order as columns), for the analyst to confirm. */
  roles: z.array(z.enum(COLUMN_ROLES)),
  delimiter: z.enum(DELIMITERS),
  decimal: z.enum(DECIMAL_SEPARATORS),
  header: z.array(z.string()),
  columns: z.array(inferredColumnSchema),
  /** The first rows as read, for the preview table. */
  rows: z.array(z.array(z.string())),
  /** Rows the types were inferred from. */
  sampledRows: z.number(),
  /** False when the whole file fit in the sample. */
  truncated: z.boolean()
})
export type CsvPreview = z.infer<typeof csvPreviewSchema>

/** Missing values per column counted over the whole file (the preview counts its first rows only). */
export const fileMissingSchema = z.object({
  /** Data rows read (the header not counted). */
  rows: z.number(),
  columns: z.array(z.object({ name: z.string(), missing: z.number() }))
})
export type FileMissing = z.infer<typeof fileMissingSchema>

export const impossibleKindSchema = z.object({
  count: z.number(),
  /** The first lines (1-based, as in the file) where it occurs. */
  lines: z.array(z.number())
})
export type ImpossibleKind = z.infer<typeof impossibleKindSchema>

/** Economically impossible rows of a sales dataset: a price of zero or below, a unit cost above the price. */
export const impossibleRowsSchema = z.object({
  nonpositive_price: impossibleKindSchema,
  cost_above_price: impossibleKindSchema
})
export type ImpossibleRows = z.infer<typeof impossibleRowsSchema>

export const importResultSchema = z.object({
  table: z.string(),
  dataset: z.string().nullable(),
  rows: z.number(),
  bytes: z.number(),
  ms: z.number(),
  rowsPerSecond: z.number(),
  /** Rows with a price ≤ 0 or a cost above the price, with their first lines; null when none (issue 25). */
  impossible: impossibleRowsSchema.nullable().optional()
})
export type ImportResult = z.infer<typeof importResultSchema>

/** What generating the EdTech sample wrote. */
export const generateSummarySchema = z.object({
  seed: z.number(),
  scale: z.number(),
  startDate: z.string(),
  endDate: z.string(),
  counts: z.record(z.string(), z.number()),
  ms: z.number()
})
export type GenerateSummary = z.infer<typeof generateSummarySchema>

export const sampleSummarySchema = generateSummarySchema.extend({
  kind: z.enum(SAMPLE_KINDS),
  /** The dataset written (retail), or null (the EdTech sample fills the seed tables). */
  dataset: z.string().nullable()
})
export type SampleSummary = z.infer<typeof sampleSummarySchema>
