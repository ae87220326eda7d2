import { BUCKETS, WEEKDAYS, type TransactionRecipe } from '../shared/transactions'
import { UsageError, choiceFlag, listFlag, requireString } from './args'
import { report, withBackend, withProgress, withProject, type Io } from './io'
import type { Delimiter, TextEncoding, DateFormat } from '../shared/data'

/** The flags of `import --transactions` (besides import's own --db, --dataset, --segment, …). */
export const TRANSACTION_FLAGS = {
  transactions: { type: 'boolean' },
  'item-by': { type: 'string' },
  time: { type: 'string' },
  bucket: { type: 'string' },
  'week-start': { type: 'string' },
  'list-price': { type: 'string' },
  'print-sql': { type: 'boolean' },
  rebuild: { type: 'boolean' }
} as const

export interface TransactionFlagValues {
  db?: string
  dataset?: string
  'item-by'?: string
  time?: string
  bucket?: string
  'week-start'?: string
  price?: string
  'list-price'?: string
  quantity?: string
  segment?: string
  features?: string
  cost?: string
  item?: string
  period?: string
  competitor?: string
  table?: string
  'print-sql'?: boolean
  rebuild?: boolean
  replace?: boolean
  json?: boolean
}

/** The recipe the flags describe; bad usage (exit 2) names the flag. */
export function recipeFromFlags(
  v: TransactionFlagValues,
  dateFormat: DateFormat | undefined
): TransactionRecipe {
  for (const [flag, given] of [
    ['--item', v.item],
    ['--period', v.period],
    ['--competitor', v.competitor],
    ['--table', v.table]
  ] as const)
    if (given !== undefined)
      throw new UsageError(
        `import --transactions: ${flag} is for a panel imported as it is; a log's item is --item-by and its period --time with --bucket`
      )
  const itemBy = listFlag(requireString('import', v['item-by'], '--item-by'))
  if (!itemBy?.length) throw new UsageError('import: --item-by needs one or more columns (store,sku)')
  return {
    item_by: itemBy,
    time: requireString('import', v.time, '--time'),
    bucket: choiceFlag('import', v.bucket ?? 'week', '--bucket', BUCKETS, 'week'),
    week_start: choiceFlag('import', v['week-start'] ?? 'monday', '--week-start', WEEKDAYS, 'monday'),
    quantity: requireString('import', v.quantity, '--quantity'),
    price: requireString('import', v.price, '--price'),
    ...(v['list-price'] ? { list_price: v['list-price'] } : {}),
    ...(v.segment ? { segments: listFlag(v.segment) } : {}),
    ...(v.features ? { features: listFlag(v.features) } : {}),
    ...(v.cost ? { cost: v.cost } : {}),
    ...(dateFormat ? { date_format: dateFormat } : {})
  }
}

/** `import --transactions`: the log → an item × period panel dataset (or, with --print-sql, the same as SQL). */
export async function importTransactionsCommand(
  v: TransactionFlagValues,
  file: string,
  io: Io,
  read: { delimiter?: Delimiter; encoding?: TextEncoding; sheet?: string; dateFormat?: DateFormat }
): Promise<number> {
  const name = requireString('import', v.dataset, '--dataset')
  const recipe = v.rebuild && v['item-by'] === undefined ? undefined : recipeFromFlags(v, read.dateFormat)
  if (v['print-sql']) {
    if (!recipe) throw new UsageError('import: --print-sql needs the recipe flags (--item-by, --time, …)')
    const { sql } = await withBackend((b) => b.call('import:transactionsSql', { recipe, source: file }))
    io.out(sql + '\n')
    return 0
  }
  const db = requireString('import', v.db, '--db')
  return withProject(db, true, async (b) => {
    const staged = await b.call('file:stagePath', { path: file })
    const r = await withProgress(b, io, v.json, () =>
      b.call('import:transactions', {
        jobId: 'cli',
        fileId: staged.fileId,
        name,
        replace: v.replace ?? false,
        recipe,
        rebuild: v.rebuild ?? false,
        delimiter: read.delimiter,
        encoding: read.encoding,
        sheet: read.sheet
      })
    )
    report(
      io,
      v.json,
      {
        db: b.project.path,
        file,
        table: r.table,
        dataset: r.dataset,
        rows: r.rows,
        bytes: r.bytes,
        ms: r.ms,
        rows_per_second: Math.round((r.rows / r.ms) * 1000),
        lines: r.lines,
        items: r.items,
        periods: r.periods,
        lines_per_second: r.lines_per_second,
        read_threads: r.read_threads
      },
      () => [
        `Built the panel ${r.dataset} from ${r.lines.toLocaleString('en-US')} sales lines: ${r.rows.toLocaleString('en-US')} rows (${r.items.toLocaleString('en-US')} items × ${r.periods.toLocaleString('en-US')} periods) in ${r.ms} ms (${r.lines_per_second.toLocaleString('en-US')} lines/s)`
      ]
    )
    return 0
  })
}

/** The import flags that apply a recipe (the inverse of recipeFromFlags). */
export function recipeFlags(r: TransactionRecipe): string {
  return [
    `--item-by ${r.item_by.join(',')}`,
    `--time ${r.time}`,
    `--bucket ${r.bucket}`,
    ...(r.bucket === 'week' ? [`--week-start ${r.week_start}`] : []),
    `--price ${r.price}`,
    ...(r.list_price ? [`--list-price ${r.list_price}`] : []),
    `--quantity ${r.quantity}`,
    ...(r.segments?.length ? [`--segment ${r.segments.join(',')}`] : []),
    ...(r.features?.length ? [`--features ${r.features.join(',')}`] : []),
    ...(r.cost ? [`--cost ${r.cost}`] : []),
    ...(r.date_format ? [`--date-format ${r.date_format}`] : [])
  ].join(' ')
}
