import type { TransactionRecipe } from '../../../../shared/transactions'
import type { DecimalSeparator } from '../../../../shared/data'
import { ParquetDamagedError, ParquetLog, type ParquetFooter, type RandomAccessFile } from '../parquet'
import { LogAggregator } from './log-aggregator'
import type { ChunkPlan, ChunkResult } from './chunk-plan'

/**
 * A Parquet log is cut into parts of whole row groups holding at least this many rows each
 * (the file's own row groups decide, whatever the number of threads): each part is aggregated
 * on its own and the parts merged in file order, so the result depends on the file only.
 */
export const PART_ROWS = 1 << 18

/**
 * The plan for reading a Parquet log by parts of row groups on the host's threads: one part
 * per PART_ROWS rows or more, so a file with a single row group (or fewer rows than two parts
 * hold) is one part, read by one thread. The footer is read by `footer` (the host reads it on
 * a worker thread: a damaged file can stop the decoder) or here; a footer that cannot be read
 * is a ParquetDamagedError.
 */
export async function planParquetParts(
  ra: RandomAccessFile,
  file: string,
  recipe: TransactionRecipe,
  opts: { decimal?: DecimalSeparator; partRows?: number; parquetFooter?: () => Promise<ParquetFooter> }
): Promise<ChunkPlan> {
  const { names, groupRows } = opts.parquetFooter ? await opts.parquetFooter() : await footerHere(ra)
  const target = Math.max(1, opts.partRows ?? PART_ROWS)
  const ranges: [number, number][] = []
  const ends: number[] = []
  let first = 0
  let rows = 0
  let done = 0
  groupRows.forEach((n, g) => {
    rows += n
    if (rows >= target || g === groupRows.length - 1) {
      done += rows
      ranges.push([first, g + 1])
      ends.push(done)
      first = g + 1
      rows = 0
    }
  })
  if (ranges.length === 0) ranges.push([0, 0]) // no row group: one empty part (the log has no sales lines)
  const total = Math.max(1, done)
  return {
    file,
    recipe,
    decimal: opts.decimal,
    delimiter: ',',
    header: names,
    ranges,
    format: 'parquet',
    progress: ranges.map((_, k) => Math.round((ra.byteLength * (ends[k] ?? 0)) / total)),
    groupRows
  }
}

/** The footer read on the calling thread. */
async function footerHere(ra: RandomAccessFile): Promise<ParquetFooter> {
  const log = await ParquetLog.open(ra)
  const footer = { names: log.names, groupRows: log.groupRows }
  log.free()
  return footer
}

/**
 * Part i of a Parquet plan (its row groups) aggregated on its own, from the file opened by this
 * thread; its lines are counted from 1 (the merge adds the rows before it). A bad value refuses
 * the part (the log is then read whole by one reader, which reports it with its line and
 * column); a row group that cannot be decoded refuses the file. `onGroup`: a row group is about
 * to be decoded (the host tells the merging thread, which names it if the decoder stops).
 */
export async function readParquetPart(
  plan: ChunkPlan,
  i: number,
  log: ParquetLog,
  onGroup?: (g: number) => void
): Promise<ChunkResult> {
  const agg = new LogAggregator(plan.file, plan.recipe, plan.decimal)
  const wanted = agg.onParquetHeader(plan.header)
  if (!wanted) return { ok: false, reason: 'the header has problems' }
  const [from, to] = plan.ranges[i]
  const same = log.names.length === plan.header.length && log.names.every((n, k) => n === plan.header[k])
  if (!same || to > log.groupRows.length)
    return { ok: false, reason: 'the file changed since it was planned' }
  let rows = 0
  for (let g = from; g < to; g++) rows += log.groupRows[g]
  try {
    const read = await log.readGroups(from, to, wanted, 1, agg.onParquetRow, { beforeGroup: onGroup })
    if (read < rows) return { ok: false, reason: `${agg.issues.length} problems` }
  } catch (e) {
    if (e instanceof ParquetDamagedError)
      return { ok: false, reason: e.reason, damaged: { group: e.group, column: e.column } }
    return { ok: false, reason: e instanceof Error ? e.message : String(e) }
  }
  if (agg.issues.length) return { ok: false, reason: `${agg.issues.length} problems` }
  return { ok: true, partial: agg.groupBy.toPartial(), lines: agg.lines, textLines: rows }
}
