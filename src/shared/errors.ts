/** The error contract every boundary speaks: the error codes, one issue shape and the error body (zod only). */
import { z } from 'zod'

export const errorCodeSchema = z.enum([
  'invalid_input',
  'csv_error',
  'cancelled',
  /** The disk is full, the file is read-only or the disk failed: nothing was written. */
  'storage',
  'not_found',
  'no_project',
  'schema_too_new',
  'busy',
  'internal',
  /** An import under a dataset name already in the project, without "replace" (a form error on the name). */
  'dataset_exists'
])
export type ErrorCode = z.infer<typeof errorCodeSchema>

/** The limit a number broke, as the schema states it (`inclusive` false: the bound itself is refused). */
export const boundSchema = z.object({
  min: z.number().optional(),
  max: z.number().optional(),
  inclusive: z.boolean().optional()
})
export type Bound = z.infer<typeof boundSchema>

/**
 * One problem: where (`path`: a field's path, or a file's column), what, and for a number the
 * bound it broke. A problem in an input file also says its file, line and column.
 */
export const issueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  bound: boundSchema.optional(),
  file: z.string().optional(),
  /** 1-based physical line in the file. */
  line: z.number().optional(),
  /** 1-based CSV column (field index); for encoding errors, the field being read. */
  column: z.number().optional(),
  columnName: z.string().optional(),
  expected: z.string().optional(),
  found: z.string().optional()
})
export type Issue = z.infer<typeof issueSchema>

/** A problem in an input file, located the way an analyst would look for it in an editor. */
export type CsvIssue = Omit<Issue, 'path' | 'file' | 'line' | 'column'> & {
  path?: Issue['path']
  file: string
  line: number
  column: number
}

/** A file issue with its path: the column's name, else its number. */
export function csvIssue(i: CsvIssue): CsvIssue & Issue {
  return { ...i, path: i.path ?? [i.columnName ?? i.column] }
}

export const errorBodySchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  /** The problems one by one (a form's fields, a file's first problems with file, line and column). */
  issues: z.array(issueSchema).optional()
})
export type ApiErrorBody = z.infer<typeof errorBodySchema>

/** A zod issue's number limit, if it has one. */
function boundOf(i: z.core.$ZodIssue): Bound | undefined {
  if (i.code === 'too_big' && (typeof i.maximum === 'number' || typeof i.maximum === 'bigint'))
    return { max: Number(i.maximum), inclusive: i.inclusive ?? true }
  if (i.code === 'too_small' && (typeof i.minimum === 'number' || typeof i.minimum === 'bigint'))
    return { min: Number(i.minimum), inclusive: i.inclusive ?? true }
  return undefined
}

/** A zod error's issues as data: each field's path, its message and the bound it broke. */
export function issuesOfZod(e: z.ZodError): Issue[] {
  return e.issues.map((i) => {
    const bound = boundOf(i)
    const path = i.path.map((p) => (typeof p === 'number' ? p : String(p)))
    const issue: Issue = { path, message: i.message }
    if (bound) issue.bound = bound
    if (i.code === 'invalid_type') issue.expected = i.expected
    return issue
  })
}
