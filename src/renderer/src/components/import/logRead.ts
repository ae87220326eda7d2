import type { ApiArgs } from '../../../../shared/api'
import type { CsvPreview } from '../../../../shared/data/results'

/** How the log is read (delimiter, decimal, encoding or sheet): the same as the file's preview found. */
export type LogRead = Pick<
  ApiArgs<'import:transactionsPreview'>,
  'delimiter' | 'decimal' | 'encoding' | 'sheet'
>

export function logReadOf(p: CsvPreview): LogRead {
  return {
    delimiter: p.delimiter,
    decimal: p.decimal,
    ...(p.format === 'csv' ? { encoding: p.encoding.encoding } : { sheet: p.sheet })
  }
}
