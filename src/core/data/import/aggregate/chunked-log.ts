import type { TransactionRecipe } from '../../../../shared/transactions'
import type { DecimalSeparator, Delimiter, TextEncoding } from '../../../../shared/data'
import { CancelledError } from '../../csv/errors'
import { isParquet, type RandomAccessFile } from '../parquet'
import { readRecords } from '../records'
import { isZip } from '../xlsx-limits'
import { LogAggregator } from './log-aggregator'
import type { LogScanner } from './log-scanner'
import type { ChunkedLog, ChunkPlan, ChunkResult, ChunkRunner, DamagedRange } from './chunk-plan'
import { ParquetDamagedError, ParquetLog } from '../parquet'
import { readParquetPart } from './parquet-parts'

export type { ChunkedLog, ChunkPlan, ChunkResult, ChunkRunner, DamagedRange } from './chunk-plan'

// The core compiles without DOM or Node types; TextDecoder exists in both hosts.
declare const TextDecoder: new (
  label: string,
  opts: { fatal: boolean; ignoreBOM: boolean }
) => { decode(input?: Uint8Array, opts?: { stream: boolean }): string }

/**
 * A CSV log is cut into ranges of about this many bytes (at line ends), whatever the number of
 * threads: each range is aggregated on its own and the ranges merged in file order, so the
 * result depends on the file only (the same on 1, 2 or 16 cores, run after run).
 */
export const CHUNK_BYTES = 8 * 1024 * 1024
const HEAD_BYTES = 1 << 20
/** Longest line searched for a range's end: a file without line feeds (CR only) is read by one reader. */
const MAX_LINE_SEARCH = 1 << 20
const LF = 10
const CR = 13
const QUOTE = 34

/**
 * One range of a log aggregated on its own: the header read first, then the range's bytes in
 * pieces. A range that ends inside a record (a quoted field holding a line break crosses its
 * end, so the next range starts inside that field) or that meets any problem is refused: the
 * log is then read whole by one reader, which reports problems with their file lines.
 */
export class ChunkReader {
  private readonly agg: LogAggregator
  private readonly scanner: LogScanner
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
  private failure: string | null = null

  constructor(plan: ChunkPlan) {
    this.agg = new LogAggregator(plan.file, plan.recipe, plan.decimal)
    if (!this.agg.readHeader(plan.header)) this.failure = 'the header has problems'
    this.scanner = this.agg.scannerFor(plan.delimiter)
  }

  push(bytes: Uint8Array): boolean {
    if (this.failure) return false
    try {
      this.scanner.push(this.decoder.decode(bytes, { stream: true }))
    } catch (e) {
      this.failure = e instanceof Error ? e.message : String(e)
    }
    return this.failure === null && !this.scanner.isStopped
  }

  /** The range's result; `last`: the range runs to the end of the file (its last line may have no line end). */
  finish(last: boolean): ChunkResult {
    if (!this.failure)
      try {
        const tail = this.decoder.decode()
        if (tail) this.scanner.push(tail)
        if (!last && this.scanner.hasCarry) this.failure = 'a record crosses the end of the range'
        else this.scanner.end()
      } catch (e) {
        this.failure = e instanceof Error ? e.message : String(e)
      }
    if (!this.failure && this.agg.issues.length) this.failure = `${this.agg.issues.length} problems`
    if (!this.failure && this.scanner.isStopped) this.failure = 'stopped'
    if (this.failure) return { ok: false, reason: this.failure }
    return {
      ok: true,
      partial: this.agg.groupBy.toPartial(),
      lines: this.agg.lines,
      textLines: this.scanner.linesRead
    }
  }
}

/**
 * The plan for reading a CSV log by ranges, or null when it must be read by one reader: not
 * larger than two ranges, not UTF-8 CSV, a header that is quoted or not ended by a line feed,
 * or a range end with no line feed near it.
 */
export async function planChunks(
  ra: RandomAccessFile,
  file: string,
  recipe: TransactionRecipe,
  opts: { delimiter?: Delimiter; encoding?: TextEncoding; decimal?: DecimalSeparator; chunkBytes?: number }
): Promise<ChunkPlan | null> {
  const size = ra.byteLength
  const chunk = Math.max(1, opts.chunkBytes ?? CHUNK_BYTES)
  if (size < 2 * chunk) return null
  const head = await ra.read(0, Math.min(size, HEAD_BYTES))
  if (isZip(head) || isParquet(head)) return null
  const eol = head.indexOf(LF)
  if (eol < 0 || head.subarray(0, eol).some((b, i) => b === QUOTE || (b === CR && i !== eol - 1))) return null
  let header: string[] | null = null
  let read
  try {
    read = await readRecords(
      oneChunk(head),
      { file, delimiter: opts.delimiter, encoding: opts.encoding },
      (fields) => {
        header = fields
        return false
      }
    )
  } catch {
    return null // the reader that reads the whole log says what is wrong, with its line
  }
  if (!header || read.format !== 'csv' || read.encoding.encoding !== 'utf-8') return null
  const ranges: [number, number][] = []
  let start = eol + 1
  for (let k = 1; start < size; k++) {
    const target = k * chunk
    if (target <= start) continue
    const end = target >= size ? size : await lineStartAfter(ra, target)
    if (end < 0) return null
    ranges.push([start, end])
    start = end
  }
  return ranges.length < 2
    ? null
    : { file, recipe, decimal: opts.decimal, delimiter: read.delimiter, header, ranges }
}

/** The start of the first line after the line feed at or after `at` (the file's size if none follows). */
async function lineStartAfter(ra: RandomAccessFile, at: number): Promise<number> {
  const window = await ra.read(at, Math.min(ra.byteLength, at + MAX_LINE_SEARCH))
  const i = window.indexOf(LF)
  if (i >= 0) return at + i + 1
  return at + window.length >= ra.byteLength ? ra.byteLength : -1
}

function oneChunk(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      yield bytes
    }
  }
}

/**
 * Reads the plan's ranges with `runner` and merges their cells in file order (a range's result
 * waits until the ranges before it are merged). Null when any range cannot be used: the
 * caller then reads the log whole. Progress is reported per merged range. A Parquet range
 * that cannot be decoded refuses the file (ParquetDamagedError); so that no damaged row group
 * is left for the one reader to meet, a Parquet file's ranges are all read even when one has
 * problems.
 */
export async function aggregateChunks(
  plan: ChunkPlan,
  runner: ChunkRunner,
  opts: { signal?: { aborted: boolean }; onProgress?: (bytes: number, lines: number) => void }
): Promise<ChunkedLog | null> {
  const agg = new LogAggregator(plan.file, plan.recipe, plan.decimal)
  if (!(plan.format === 'parquet' ? agg.onParquetHeader(plan.header) : agg.readHeader(plan.header)))
    return null
  const readers = new Set<number>()
  const waiting = new Map<number, ChunkResult>()
  let next = 0
  let lineOffset = 1
  let usable = true
  let damage: ParquetDamagedError | null = null
  await runner(
    plan,
    (index, result) => {
      if (!result.ok && result.damaged) {
        damage ??= damagedRange(plan, index, result.reason, result.damaged)
        return false
      }
      if (usable) waiting.set(index, result)
      for (let r = waiting.get(next); usable && r; r = waiting.get(next)) {
        waiting.delete(next)
        if (!r.ok || agg.groupBy.merge(r.partial, lineOffset) >= 0) {
          usable = false
          waiting.clear()
        } else {
          lineOffset += r.textLines
          agg.lines += r.lines
          readers.add(r.reader ?? 0)
          opts.onProgress?.(plan.progress?.[next] ?? plan.ranges[next][1], agg.lines)
          next++
        }
      }
      return (usable || plan.format === 'parquet') && !opts.signal?.aborted
    },
    opts.signal
  )
  if (opts.signal?.aborted) throw new CancelledError('import')
  if (damage) throw damage
  return usable && next === plan.ranges.length ? { agg, threads: readers.size } : null
}

/** A damaged Parquet range as the error that names its row group (the range's first when the thread did not say). */
function damagedRange(plan: ChunkPlan, index: number, reason: string, d: DamagedRange): ParquetDamagedError {
  const groups = plan.groupRows ?? []
  return ParquetDamagedError.group(d.group ?? plan.ranges[index][0], groups, reason, d.column)
}

/** A runner on the calling thread (tests, and hosts without worker threads): the ranges one after another. */
export function chunkRunnerHere(ra: RandomAccessFile, order?: (n: number) => number[]): ChunkRunner {
  return async (plan, onResult, signal) => {
    const n = plan.ranges.length
    let parquet: ParquetLog | null = null
    if (plan.format === 'parquet')
      try {
        parquet = await ParquetLog.open(ra)
      } catch (e) {
        onResult(0, { ok: false, reason: e instanceof Error ? e.message : String(e) })
        return
      }
    try {
      for (const i of order ? order(n) : [...Array(n).keys()]) {
        if (signal?.aborted) return
        const r = parquet
          ? await readParquetPart(plan, i, parquet)
          : await readChunk(plan, i, (s, e) => ra.read(s, e))
        if (!onResult(i, r)) return
      }
    } finally {
      parquet?.free()
    }
  }
}

/** Range i of the plan aggregated, its bytes read in pieces of `piece` bytes. */
export async function readChunk(
  plan: ChunkPlan,
  i: number,
  read: (start: number, end: number) => Promise<Uint8Array> | Uint8Array,
  piece = 4 << 20
): Promise<ChunkResult> {
  const [start, end] = plan.ranges[i]
  const reader = new ChunkReader(plan)
  for (let at = start; at < end; at += piece)
    if (!reader.push(await read(at, Math.min(end, at + piece)))) break
  return reader.finish(i === plan.ranges.length - 1)
}
