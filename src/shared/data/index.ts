/**
 * The data domain's contract, part 1: its enums and small pure helpers, shared by core, CLI and UI
 * (the one place each list is written). The calls are in ./calls, their results in ./results.
 * The renderer imports these (never src/core), so its bundle carries no core code.
 */

/**
 * Dates as analysts' files write them. ISO (YYYY-MM-DD, optionally with a time) is
 * stored as it is; the others are converted to YYYY-MM-DD on import so periods sort
 * and compare as dates. DD/MM/YYYY and MM/DD/YYYY cannot be told apart when every
 * day is ≤ 12: then the format must be chosen (never guessed, never left as text).
 */
export const DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'YYYY/MM/DD', 'DD.MM.YYYY'] as const
export type DateFormat = (typeof DATE_FORMATS)[number]

/** Field delimiters a CSV may use (detected when not given). */
export const DELIMITERS = [',', ';', '\t'] as const
export type Delimiter = (typeof DELIMITERS)[number]

/** Text encodings an import reads; everything is stored as UTF-8. */
export const TEXT_ENCODINGS = ['utf-8', 'windows-1252', 'utf-16le', 'utf-16be'] as const
export type TextEncoding = (typeof TEXT_ENCODINGS)[number]

export const ENCODING_LABEL: Record<TextEncoding, string> = {
  'utf-8': 'UTF-8',
  'windows-1252': 'Windows-1252 / Latin-1',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE'
}

/** Tables created by the generator that users may also import into. */
export const SEED_TABLES = [
  'learners',
  'teachers',
  'courses',
  'enrollments',
  'token_transactions',
  'platform_metrics',
  'course_price_history'
] as const
export type SeedTable = (typeof SEED_TABLES)[number]

/** The built-in samples: the EdTech token economy (seed tables) and the retail store × brand panel (a dataset). */
export const SAMPLE_KINDS = ['edtech', 'retail'] as const
export type SampleKind = (typeof SAMPLE_KINDS)[number]

export function isSampleKind(s: string): s is SampleKind {
  return (SAMPLE_KINDS as readonly string[]).includes(s)
}

/** Column types an import can assign, inferred from a sample and confirmed by the user. */
export const COLUMN_TYPES = ['integer', 'number', 'date', 'text'] as const
export type ColumnType = (typeof COLUMN_TYPES)[number]

/** Decimal separators a numeric field may use. */
export const DECIMAL_SEPARATORS = ['.', ','] as const
export type DecimalSeparator = (typeof DECIMAL_SEPARATORS)[number]

/** What an imported file is, by content (a workbook renamed .csv is still a workbook). */
export const FILE_FORMATS = ['csv', 'xlsx'] as const
export type FileFormat = (typeof FILE_FORMATS)[number]
