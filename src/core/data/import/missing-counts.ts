import { isMissingMarker } from '../csv/types'
import type { ByteSource } from '../csv/reader'
import { readRecords, type ReadRecordsOptions } from './records'
import type { FileMissing } from '../../../shared/data/results'

/**
 * Missing values per column over the whole file (the preview counts them in its first rows only), with
 * the same markers the preview counts (empty, NA, null, "-"…). Reads every record; nothing is written.
 */
export async function countMissing(
  source: ByteSource,
  opts: Omit<ReadRecordsOptions, 'maxRows' | 'recordParser'>
): Promise<FileMissing> {
  let header: string[] | null = null
  let missing: number[] = []
  let rows = 0
  await readRecords(source, opts, (fields) => {
    if (!header) {
      header = fields
      missing = fields.map(() => 0)
      return
    }
    rows++
    for (let c = 0; c < missing.length; c++) if (isMissingMarker(fields[c] ?? '')) missing[c]++
  })
  const names: string[] = header ?? []
  return { rows, columns: names.map((name, c) => ({ name, missing: missing[c] })) }
}
