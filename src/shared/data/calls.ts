/** The data calls: sample generation, tables and datasets, row reads, file staging, import and export. */
import { z } from 'zod'
import { COLUMN_TYPES, DATE_FORMATS, SAMPLE_KINDS, SEED_TABLES, TEXT_ENCODINGS } from './index'
import { datasetRolesSchema } from './roles'
import {
  csvPreviewSchema,
  damagedDatasetSchema,
  datasetInfoSchema,
  fileMissingSchema,
  importResultSchema,
  rowPageSchema,
  sampleSummarySchema,
  tableInfoSchema,
  tableSummarySchema
} from './results'
import { delimiter, exportedFileSchema, filePath, jobId, seed, stagedFileSchema } from '../api/common'

/** One column of an import plan. */
export const importColumnSchema = z.strictObject({
  /** Header name in the file. */
  source: z.string(),
  /** Column name in the project (defaults to the header name, verbatim). */
  target: z.string().min(1).max(200),
  type: z.enum(COLUMN_TYPES),
  /** How a date column's values are written (default YYYY-MM-DD); they are stored as YYYY-MM-DD. */
  dateFormat: z.enum(DATE_FORMATS).optional()
})
export type ImportColumn = z.infer<typeof importColumnSchema>

const importTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('dataset'),
    name: z.string().min(1).max(100),
    roles: datasetRolesSchema,
    replace: z.boolean().optional()
  }),
  z.strictObject({
    kind: z.literal('table'),
    table: z.enum(SEED_TABLES),
    mode: z.enum(['append', 'replace'])
  })
])
export type ImportTarget = z.infer<typeof importTargetSchema>

export const importPlanSchema = z.strictObject({
  target: importTargetSchema,
  /** Columns to import; the file's other columns are skipped. Omitted: every column with its inferred type. */
  columns: z.array(importColumnSchema).optional(),
  delimiter: delimiter.optional(),
  decimal: z.enum(['.', ',']).optional(),
  /** Undo the apostrophe PriceLab and Excel put before text starting with = + - @ (default true). */
  unescapeFormulas: z.boolean().optional(),
  /** Text encoding of a CSV (default: guessed, as in the preview). */
  encoding: z.enum(TEXT_ENCODINGS).optional(),
  /** Sheet of an Excel workbook (default: the sheet with the most rows). */
  sheet: z.string().min(1).max(31).optional()
})
export type ImportPlan = z.infer<typeof importPlanSchema>

/** One filter of a row read. */
export const rowFilterSchema = z.strictObject({
  column: z.string(),
  op: z.enum(['contains', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'empty', 'notEmpty']),
  value: z.union([z.string(), z.number()]).optional()
})
export type RowFilter = z.infer<typeof rowFilterSchema>

export const rowQuerySchema = z.strictObject({
  table: z.string().min(1).max(200),
  offset: z.number().int().min(0),
  limit: z.number().int().min(0).max(5000),
  sort: z.strictObject({ column: z.string(), direction: z.enum(['asc', 'desc']) }).optional(),
  filters: z.array(rowFilterSchema).max(20).optional(),
  /** Optional: progress events and job:cancel for a long read (a newer sort or filter of the table cancels it anyway). */
  jobId: jobId.optional()
})

export const dataCalls = {
  'data:generate': {
    input: z.strictObject({
      jobId,
      seed,
      scale: z.number().positive().max(100),
      /** Which built-in sample: the EdTech seed tables (default) or the retail store × brand panel dataset. */
      kind: z.enum(SAMPLE_KINDS).default('edtech')
    }),
    output: sampleSummarySchema
  },
  'data:tables': { input: z.strictObject({}), output: z.array(tableInfoSchema) },
  'data:datasets': { input: z.strictObject({}), output: z.array(datasetInfoSchema) },
  'data:damagedDatasets': { input: z.strictObject({}), output: z.array(damagedDatasetSchema) },
  'data:rows': { input: rowQuerySchema, output: rowPageSchema },
  'data:summary': {
    input: z.strictObject({ table: z.string().min(1).max(200), jobId: jobId.optional() }),
    output: tableSummarySchema
  },
  'file:stagePath': { input: z.strictObject({ path: filePath }), output: stagedFileSchema },
  'import:preview': {
    input: z.strictObject({
      fileId: z.string().min(1),
      delimiter: delimiter.optional(),
      encoding: z.enum(TEXT_ENCODINGS).optional(),
      sheet: z.string().min(1).max(31).optional()
    }),
    output: csvPreviewSchema
  },
  /** Missing values per column over the whole file, read off the event loop (a job: progress, cancel). */
  'import:missingCounts': {
    input: z.strictObject({
      jobId: jobId.optional(),
      fileId: z.string().min(1),
      delimiter: delimiter.optional(),
      encoding: z.enum(TEXT_ENCODINGS).optional(),
      sheet: z.string().min(1).max(31).optional()
    }),
    output: fileMissingSchema
  },
  'import:run': {
    input: z.strictObject({ jobId, fileId: z.string().min(1), plan: importPlanSchema }),
    output: importResultSchema
  },
  'export:table': {
    input: z.strictObject({
      table: z.string().min(1).max(200),
      bom: z.boolean().optional(),
      delimiter: delimiter.optional()
    }),
    output: exportedFileSchema
  }
} as const
