import type { ImpossibleRows } from './economic-rows'
import type { ColumnType, DecimalSeparator } from '../csv/types'
import type { DateFormat } from '../csv/dates'
import type { Delimiter } from '../csv/parser'
import type { SeedTable } from '../../db/schema'
import type { TextEncoding } from '../csv/encoding'
import { DomainError } from '../../errors'

/** What each column of an imported dataset means to the models. All values name target columns. */
export interface DatasetRoles {
  item?: string
  segments?: string[]
  period?: string
  price?: string
  quantity?: string
  cost?: string
  /** A competitor's price for the same item and period (the competitor band's reference). */
  competitor?: string
  features?: string[]
}

export interface ImportColumn {
  /** Header name in the file. */
  source: string
  /** Column name in the project (defaults to the header name, verbatim). */
  target: string
  type: ColumnType
  /** How a date column's values are written (default YYYY-MM-DD); they are stored as YYYY-MM-DD. */
  dateFormat?: DateFormat
}

export type ImportTarget =
  | { kind: 'dataset'; name: string; roles: DatasetRoles; replace?: boolean }
  | { kind: 'table'; table: SeedTable; mode: 'append' | 'replace' }

export interface ImportPlan {
  target: ImportTarget
  /** Columns to import; the file's other columns are skipped. Omitted: every column with its inferred type. */
  columns?: ImportColumn[]
  delimiter?: Delimiter
  decimal?: DecimalSeparator
  /** Text encoding of a CSV (default: guessed, as in the preview). */
  encoding?: TextEncoding
  /** Sheet of an Excel workbook (default: the sheet with the most rows). */
  sheet?: string
  /** Undo the apostrophe PriceLab and Excel put before text starting with = + - @ (default true). */
  unescapeFormulas?: boolean
}

export interface ImportProgress {
  bytes: number
  totalBytes?: number
  rows: number
}

export interface ImportResult {
  table: string
  dataset: string | null
  rows: number
  bytes: number
  ms: number
  rowsPerSecond: number
  /** Rows with a price ≤ 0 or a cost above the price, with their first lines; null when none (issue 25). */
  impossible?: ImpossibleRows | null
}

/** Most issues an import collects before it stops reading: enough to fix a file in one pass. */
export const MAX_ISSUES = 50

/** The dataset name is taken and the plan does not say "replace": a form error on the name, not a file problem. */
export class DatasetExistsError extends DomainError {
  constructor(readonly dataset: string) {
    super('dataset_exists', `a dataset named "${dataset}" already exists: choose another name, or replace it`)
    this.name = 'DatasetExistsError'
  }
}
