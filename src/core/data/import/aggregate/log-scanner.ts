import { CsvParser, CsvSyntaxError, MAX_RECORD_CHARS } from '../../csv/parser'
import type { RecordParser } from '../../csv/reader'
import type { Delimiter } from '../../../../shared/data'

const QUOTE = 34
const LF = 10
const CR = 13

/** A record handed over in place: its fields are s[from[k], to[k]) for k < n. */
export type FieldRanges = (s: string, from: Int32Array, to: Int32Array, n: number, line: number) => boolean

/**
 * The record parser of a transaction log: the same records, lines and errors as CsvParser, but a
 * plain record (no quote, the expected number of fields) is handed over as character ranges of
 * the text, so reading a line makes no string and no array. Any other record (the header, a
 * quoted field, a ragged row) goes through CsvParser itself and comes out as string[].
 */
export class LogScanner implements RecordParser {
  /** Fields of a plain record; 0 until the header was read (every record goes to CsvParser). */
  expectedFields = 0
  private line = 1
  private carry = ''
  private skipLF = false
  private stopped = false
  private from = new Int32Array(64)
  private to = new Int32Array(64)
  private readonly delim: number

  constructor(
    private readonly delimiter: Delimiter,
    private readonly onRecord: (fields: string[], line: number) => boolean | void,
    private readonly onRanges: FieldRanges
  ) {
    this.delim = delimiter.charCodeAt(0)
  }

  get isStopped(): boolean {
    return this.stopped
  }

  /** Lines read so far (whole lines: a record not yet complete is not counted). */
  get linesRead(): number {
    return this.line - 1
  }

  /** True while text is held that does not end a record (an open quoted field, or a line without its end). */
  get hasCarry(): boolean {
    return this.carry.length > 0 || this.skipLF
  }

  positionOfBufferEnd(): { line: number; column: number } {
    let line = this.line
    let column = 1
    let quoted = false
    for (let i = 0; i < this.carry.length; i++) {
      const c = this.carry.charCodeAt(i)
      if (c === QUOTE) quoted = !quoted
      else if (c === LF || (c === CR && this.carry.charCodeAt(i + 1) !== LF)) {
        line++
        if (!quoted) column = 1
      } else if (c === this.delim && !quoted) column++
    }
    return { line, column }
  }

  push(chunk: string): void {
    const s = this.carry ? this.carry + chunk : chunk
    this.carry = ''
    let i = 0
    if (this.skipLF && s.length > 0) {
      if (s.charCodeAt(0) === LF) i = 1
      this.skipLF = false
    }
    const n = s.length
    while (i < n && !this.stopped) {
      const next = this.record(s, i)
      if (next < 0) {
        this.carry = s.slice(i)
        if (this.carry.length > MAX_RECORD_CHARS) this.general(this.carry, true)
        return
      }
      i = next
    }
  }

  end(): void {
    if (this.stopped) return
    const rest = this.carry
    this.carry = ''
    if (rest) this.general(rest, true)
  }

  /** Reads the record at s[i]; returns where the next one starts, or -1 when it is not complete in s. */
  private record(s: string, i: number): number {
    const want = this.expectedFields
    const d = this.delim
    const n = s.length
    if (want > this.from.length) {
      this.from = new Int32Array(want)
      this.to = new Int32Array(want)
    }
    let fields = 0
    let start = i
    let j = i
    let c = 0
    for (; j < n; j++) {
      c = s.charCodeAt(j)
      if (c === d) {
        if (fields < want) {
          this.from[fields] = start
          this.to[fields] = j
        }
        fields++
        start = j + 1
      } else if (c === LF || c === CR) break
      else if (c === QUOTE) return this.quotedRecord(s, i)
    }
    if (j >= n) return -1
    if (fields < want) {
      this.from[fields] = start
      this.to[fields] = j
    }
    fields++
    const next = this.lineEnd(s, j, c)
    if (next < 0) return -1
    const line = this.line++
    if (fields === 1 && j === i) return next // a blank line is not a record
    if (fields === want) {
      if (this.onRanges(s, this.from, this.to, fields, line) === false) this.stopped = true
    } else this.deliver(this.parseGeneral(s.slice(i, j), line), line)
    return next
  }

  /** After the line end at s[j]: where the next record starts (-1: a CR ends s, its LF may follow). */
  private lineEnd(s: string, j: number, c: number): number {
    if (c === LF) return j + 1
    if (j + 1 < s.length) return s.charCodeAt(j + 1) === LF ? j + 2 : j + 1
    this.skipLF = true
    return j + 1
  }

  /** A record with a quote: its end found as CsvParser would (quotes open only at a field's start). */
  private quotedRecord(s: string, i: number): number {
    const n = s.length
    let atStart = true
    let j = i
    while (j < n) {
      const c = s.charCodeAt(j)
      if (atStart && c === QUOTE) {
        for (j++; ;) {
          const k = s.indexOf('"', j)
          if (k < 0 || k + 1 >= n) return -1
          if (s.charCodeAt(k + 1) !== QUOTE) {
            j = k + 1
            break
          }
          j = k + 2
        }
        atStart = false
        continue
      }
      if (c === LF || c === CR) break
      atStart = c === this.delim
      j++
    }
    if (j >= n) return -1
    const next = this.lineEnd(s, j, s.charCodeAt(j))
    this.general(s.slice(i, j), false)
    return next
  }

  /** A record (or the log's unfinished end) read by CsvParser: its records delivered, its lines counted. */
  private general(text: string, final: boolean): void {
    const line = this.line
    const records: [string[], number][] = []
    const p = this.csvParser(line, (f, l) => {
      records.push([f, line + l - 1])
    })
    p.push(text)
    p.end()
    // The record's own lines, and its line end (not part of text) unless the log ended there.
    this.line = line + p.currentLine - 1 + (final ? 0 : 1)
    for (const [f, l] of records) if (!this.stopped) this.deliver(f, l)
  }

  private parseGeneral(text: string, line: number): string[] {
    let fields: string[] = ['']
    const p = this.csvParser(line, (f) => {
      fields = f
    })
    p.push(text)
    p.end()
    return fields
  }

  /** A CsvParser for text that starts on `line` of the log: its errors name the log's lines. */
  private csvParser(line: number, onRecord: (fields: string[], line: number) => void) {
    const p = new CsvParser(this.delimiter, onRecord)
    const at = <T>(fn: () => T): T => {
      try {
        return fn()
      } catch (e) {
        if (!(e instanceof CsvSyntaxError)) throw e
        const shift = (l: number) => line + l - 1
        const message = e.message.replace(/line (\d+)/, (_m, l: string) => `line ${shift(Number(l))}`)
        throw new CsvSyntaxError(message, shift(e.line), e.column)
      }
    }
    return {
      push: (t: string) => at(() => p.push(t)),
      end: () => at(() => p.end()),
      get currentLine() {
        return p.currentLine
      }
    }
  }

  private deliver(fields: string[], line: number): void {
    if (this.onRecord(fields, line) === false) this.stopped = true
  }
}
