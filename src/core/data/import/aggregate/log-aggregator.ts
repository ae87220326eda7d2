import type { TransactionRecipe } from '../../../../shared/transactions'
import type { CsvIssue } from '../../../../shared/errors'
import type { DecimalSeparator, Delimiter } from '../../../../shared/data'
import { MAX_ISSUES } from '../plan'
import { headerIssues } from '../preview'
import { parquetText } from '../parquet'
import { valueAt, type ParquetColumn } from '../parquet-columns'
import { PanelGroupBy } from './group-by'
import { LineParser, type Positions } from './line-parser'
import { FastLineReader } from './fast-line'
import { LogScanner, type FieldRanges } from './log-scanner'
import { FastValueReader } from './fast-values'

/**
 * The records of one log (or of one byte range of it, after its header) reduced to item ×
 * period cells: the header checked, each line read in place when plain (else by the general
 * parser), added to a PanelGroupBy; every problem kept as an issue with its line and column
 * (up to MAX_ISSUES, then reading stops).
 */
export class LogAggregator {
  readonly issues: CsvIssue[] = []
  readonly parser: LineParser
  readonly groupBy: PanelGroupBy
  headerRead = false
  /** Sales lines read. */
  lines = 0
  private fast: FastLineReader | null = null
  private scanner: LogScanner | null = null
  private values: FastValueReader | null = null
  private fieldCount = 0

  constructor(
    private readonly file: string,
    private readonly recipe: TransactionRecipe,
    private readonly decimal: DecimalSeparator | undefined
  ) {
    this.parser = new LineParser(recipe, decimal)
    this.groupBy = new PanelGroupBy(recipe)
  }

  fail(i: Omit<CsvIssue, 'file'>): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push({ file: this.file, ...i })
  }

  /** A record as strings: the header first, then sales lines. False: stop reading. */
  readonly onRecord = (fields: string[], line: number): boolean => {
    if (this.headerRead) return this.onLine(fields, line)
    this.headerRead = true
    const hi = [...headerIssues(this.file, fields), ...this.parser.header(fields)]
    hi.forEach((i) => this.fail(i))
    const pos = this.parser.positions
    if (hi.length === 0 && pos) {
      this.fieldCount = fields.length
      this.fast = new FastLineReader(this.recipe, pos, this.parser, this.groupBy, this.decimal)
      if (this.scanner) this.scanner.expectedFields = fields.length
    }
    return hi.length === 0
  }

  /** A plain line is read in place (no string per field); any other goes through onRecord. */
  private readonly onRanges: FieldRanges = (s, from, to, n, line) => {
    if (this.fast?.add(s, from, to, line)) {
      this.lines++
      return true
    }
    const fields = new Array<string>(n)
    for (let k = 0; k < n; k++) fields[k] = s.slice(from[k], to[k])
    return this.onRecord(fields, line)
  }

  /** The record parser of a CSV log (made once the delimiter is known). */
  scannerFor(
    delimiter: Delimiter,
    onRecord: (fields: string[], line: number) => boolean | void = this.onRecord
  ): LogScanner {
    this.scanner = new LogScanner(delimiter, onRecord, this.onRanges)
    if (this.fast) this.scanner.expectedFields = this.fieldCount
    return this.scanner
  }

  /** For a byte range of a log: its header as the first record (line 1), read before the range's lines. */
  readHeader(fields: string[]): boolean {
    return this.onRecord(fields, 1)
  }

  /** A Parquet file's column names: checked as a header; the indexes of the columns to read, or null. */
  readonly onParquetHeader = (names: string[]): number[] | null => {
    if (!this.onRecord(names, 1)) return null
    const pos = this.parser.positions as Positions
    const reader = new FastLineReader(this.recipe, pos, this.parser, this.groupBy, this.decimal)
    this.values = new FastValueReader(pos, reader, this.groupBy, reader.isoDates)
    const wanted = [...pos.item, ...pos.segments, pos.time, pos.quantity, pos.price, pos.listPrice]
    return [...new Set([...wanted, ...pos.features, pos.cost])].filter((k) => k >= 0)
  }

  /** A Parquet row: its typed values used as they are when plain, else as text through onRecord. */
  readonly onParquetRow = (cols: ParquetColumn[], i: number, line: number): boolean => {
    if (this.values?.add(cols, i, line)) {
      this.lines++
      return true
    }
    const fields = new Array<string>(this.fieldCount).fill('')
    cols.forEach((c, k) => (fields[k] = parquetText(valueAt(c, i))))
    return this.onRecord(fields, line)
  }

  private onLine(fields: string[], line: number): boolean {
    this.lines++
    const l = this.parser.parse(fields, line)
    if (Array.isArray(l)) {
      l.forEach((i) => this.fail(i))
      return this.issues.length < MAX_ISSUES
    }
    const s = this.groupBy.add(l)
    if (s >= 0) {
      const name = (this.recipe.segments ?? [])[s]
      this.fail({
        line,
        column: this.parser.columnOf({ segment: s }),
        columnName: name,
        message: `the segment column "${name}" changes within the item ${l.item.join(' · ')} (found ${JSON.stringify(l.segments[s])}): a segment must describe the item, or add the column to the item key`
      })
    }
    return this.issues.length < MAX_ISSUES
  }
}
