/** The data calls: sample generation, tables and datasets, row reads, file staging, import and export. */
import { z } from 'zod'
import { DATE_FORMATS, SAMPLE_KINDS, SEED_TABLES, TEXT_ENCODINGS } from '../data'
import type { SampleSummary } from '../../core/data/sample/kinds'
import type { TableInfo, RowPage } from '../../core/data/tables'
import type { TableSummary } from '../../core/data/summaries'
import type { DatasetInfo } from '../../core/data/datasets'
import type { CsvPreview } from '../../core/data/import/preview'
import type { ImportResult } from '../../core/data/import/plan'
import { delimiter, filePath, jobId, seed, type ExportedFile, type StagedFile } from './common'

const columnType = z.enum(['integer', 'number', 'date', 'text'])
const seedTable = z.enum(SEED_TABLES)

export const datasetRolesSchema = z.strictObject({
  item: z.string().optional(),
  segments: z.array(z.string()).optional(),
  period: z.string().optional(),
  price: z.string().optional(),
  quantity: z.string().optional(),
  cost: z.string().optional(),
  competitor: z.string().optional(),
  features: z.array(z.string()).optional()
})

export const importPlanSchema = z.strictObject({
  target: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('dataset'),
      name: z.string().min(1).max(100),
      roles: datasetRolesSchema,
      replace: z.boolean().optional()
    }),
    z.strictObject({ kind: z.literal('table'), table: seedTable, mode: z.enum(['append', 'replace']) })
  ]),
  columns: z
    .array(
      z.strictObject({
        source: z.string(),
        target: z.string().min(1).max(200),
        type: columnType,
        dateFormat: z.enum(DATE_FORMATS).optional()
      })
    )
    .optional(),
  delimiter: delimiter.optional(),
  decimal: z.enum(['.', ',']).optional(),
  unescapeFormulas: z.boolean().optional(),
  encoding: z.enum(TEXT_ENCODINGS).optional(),
  sheet: z.string().min(1).max(31).optional()
})

export const rowQuerySchema = z.strictObject({
  table: z.string().min(1).max(200),
  offset: z.number().int().min(0),
  limit: z.number().int().min(0).max(5000),
  sort: z.strictObject({ column: z.string(), direction: z.enum(['asc', 'desc']) }).optional(),
  filters: z
    .array(
      z.strictObject({
        column: z.string(),
        op: z.enum(['contains', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'empty', 'notEmpty']),
        value: z.union([z.string(), z.number()]).optional()
      })
    )
    .max(20)
    .optional(),
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
    output: {} as SampleSummary
  },
  'data:tables': { input: z.strictObject({}), output: [] as TableInfo[] },
  'data:datasets': { input: z.strictObject({}), output: [] as DatasetInfo[] },
  'data:rows': { input: rowQuerySchema, output: {} as RowPage },
  'data:summary': {
    input: z.strictObject({ table: z.string().min(1).max(200), jobId: jobId.optional() }),
    output: {} as TableSummary
  },
  'file:stagePath': { input: z.strictObject({ path: filePath }), output: {} as StagedFile },
  'import:preview': {
    input: z.strictObject({
      fileId: z.string().min(1),
      delimiter: delimiter.optional(),
      encoding: z.enum(TEXT_ENCODINGS).optional(),
      sheet: z.string().min(1).max(31).optional()
    }),
    output: {} as CsvPreview
  },
  'import:run': {
    input: z.strictObject({ jobId, fileId: z.string().min(1), plan: importPlanSchema }),
    /** impossible_warnings: one sentence per kind of impossible row (what the CLI prints as warnings). */
    output: {} as ImportResult & { impossible_warnings: string[] }
  },
  'export:table': {
    input: z.strictObject({
      table: z.string().min(1).max(200),
      bom: z.boolean().optional(),
      delimiter: delimiter.optional()
    }),
    output: {} as ExportedFile
  }
} as const
