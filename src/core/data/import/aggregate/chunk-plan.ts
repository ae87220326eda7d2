/** The shapes shared by the log-range readers (CSV byte ranges, Parquet row groups), their runners and the merge. */
import type { TransactionRecipe } from '../../../../shared/transactions'
import type { DecimalSeparator, Delimiter } from '../../../../shared/data'
import type { PartialPanel } from './group-by'
import type { LogAggregator } from './log-aggregator'
import type { ParquetColumnRef } from '../parquet'

/** What a thread needs to aggregate the ranges of one log. */
export interface ChunkPlan {
  file: string
  recipe: TransactionRecipe
  decimal?: DecimalSeparator
  delimiter: Delimiter
  /** The log's column names (line 1; a Parquet file's schema). */
  header: string[]
  /**
   * CSV: byte ranges [start, end), each starting at a line start, in file order; the first
   * starts at line 2. Parquet: row group ranges [first, end), in file order.
   */
  ranges: [number, number][]
  /** 'parquet': the ranges are row groups of a Parquet file (else byte ranges of a CSV log). */
  format?: 'parquet'
  /** Bytes of the file counted as read once range k is merged (progress; CSV: the range's end). */
  progress?: number[]
  /** Parquet: the rows of each row group (where a damaged one starts). */
  groupRows?: number[]
}

/**
 * A Parquet range that could not be decoded: the row group being read (as far as the thread
 * said, else the range's first) and the failing column when known. The file is refused whole:
 * reading it again would meet the same damage.
 */
export interface DamagedRange {
  group: number | null
  column: ParquetColumnRef | null
}

/**
 * One range read: its cells, or why it cannot be used (the whole log is then read by one
 * reader). `reader`: which thread read it (the host's thread id; 0 on the calling thread).
 */
export type ChunkResult =
  | { ok: true; partial: PartialPanel; lines: number; textLines: number; reader?: number }
  | { ok: false; reason: string; damaged?: DamagedRange }

/** The log as read by ranges: its cells merged, and how many threads read its ranges. */
export interface ChunkedLog {
  agg: LogAggregator
  threads: number
}

/**
 * Aggregates the plan's ranges (in any order, on any threads), handing each result to
 * `onResult` (which answers false to stop the rest); resolves when all are handed over or stopped.
 */
export type ChunkRunner = (
  plan: ChunkPlan,
  onResult: (index: number, result: ChunkResult) => boolean,
  signal?: { aborted: boolean }
) => Promise<void>
