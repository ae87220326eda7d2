/**
 * A streaming RFC 4180 parser: quoted fields, embedded delimiters and newlines,
 * doubled quotes, CRLF / LF / CR line ends. Text arrives in chunks of any size;
 * each complete record is handed to onRecord with the physical line it starts on.
 *
 * The parser is a state machine that carries the record being read (its finished
 * fields and the field in progress) from one chunk to the next, so every character
 * is examined once: the work is linear in the input, however long a record is. A
 * record longer than `maxRecordChars` or with more than `maxFields` fields is
 * refused with its line, instead of growing without bound.
 */
import type { Delimiter } from '../../../shared/data'
import { count, upTo } from '../../../shared/format/numbers'

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number
  ) {
    super(message)
  }
}

/** The longest record (in characters) a table row may have: far above any real row, far below memory trouble. */
export const MAX_RECORD_CHARS = 4 << 20
/** The most fields a record may have: SQLite's column limit, so a wider file is refused on its first line. */
export const MAX_FIELDS = 2000

export interface ParserLimits {
  maxRecordChars?: number
  maxFields?: number
}

const QUOTE = 34
const LF = 10
const CR = 13

const FIELD_START = 0
const UNQUOTED = 1
const QUOTED = 2
/** A quote inside a quoted field: the next character says whether it was doubled or closed the field. */
const QUOTE_SEEN = 3

export class CsvParser {
  /** First line of the record being read. */
  private line = 1
  /** Line ends consumed inside the record being read (quoted newlines). */
  private recLines = 0
  private recChars = 0
  private fields: string[] = []
  /** The field in progress, when it spans chunks. */
  private cur = ''
  private state = FIELD_START
  private started = false
  /** The last chunk ended with the CR of a line end: a leading LF in the next one belongs to it. */
  private skipLF = false
  /** Inside quoted text, the previous character was a CR (a CRLF counts as one line). */
  private prevCR = false
  /** recLines when the current quoted field opened: where an unterminated quote is reported. */
  private quoteLines = 0
  private readonly delim: number
  private readonly maxRecordChars: number
  private readonly maxFields: number
  /** Set by onRecord returning false: stop delivering records. */
  private stopped = false

  constructor(
    delimiter: Delimiter,
    private readonly onRecord: (fields: string[], line: number) => boolean | void,
    limits: ParserLimits = {}
  ) {
    this.delim = delimiter.charCodeAt(0)
    this.maxRecordChars = limits.maxRecordChars ?? MAX_RECORD_CHARS
    this.maxFields = limits.maxFields ?? MAX_FIELDS
  }

  get isStopped(): boolean {
    return this.stopped
  }

  /** Line the parser has reached: the first line of the record not yet complete. */
  get currentLine(): number {
    return this.line
  }

  /** Field index (1-based) and line of the end of the text read so far: where an encoding error sits. */
  positionOfBufferEnd(): { line: number; column: number } {
    return { line: this.line + this.recLines, column: this.fields.length + 1 }
  }

  push(s: string): void {
    const n = s.length
    const d = this.delim
    let i = 0
    if (this.skipLF && n > 0) {
      if (s.charCodeAt(0) === LF) i = 1
      this.skipLF = false
    }
    while (i < n && !this.stopped) {
      switch (this.state) {
        case FIELD_START:
          this.started = true
          if (s.charCodeAt(i) === QUOTE) {
            this.state = QUOTED
            this.quoteLines = this.recLines
            this.prevCR = false
            this.grow(1)
            i++
          } else this.state = UNQUOTED
          break
        case UNQUOTED: {
          let j = i
          while (j < n) {
            const c = s.charCodeAt(j)
            if (c === d || c === LF || c === CR) break
            j++
          }
          this.grow(j - i)
          if (j >= n) {
            this.cur += s.slice(i, j)
            i = j
            break
          }
          const value = this.cur ? this.cur + s.slice(i, j) : s.slice(i, j)
          this.cur = ''
          i = this.endField(value, s, j)
          break
        }
        case QUOTED: {
          const k = s.indexOf('"', i)
          const e = k < 0 ? n : k
          this.countLines(s, i, e)
          this.grow(e - i)
          this.cur += s.slice(i, e)
          if (k < 0) i = n
          else {
            this.state = QUOTE_SEEN
            this.grow(1)
            i = k + 1
          }
          break
        }
        case QUOTE_SEEN: {
          const c = s.charCodeAt(i)
          if (c === QUOTE) {
            this.cur += '"'
            this.state = QUOTED
            this.prevCR = false
            this.grow(1)
            i++
            break
          }
          if (c !== d && c !== LF && c !== CR)
            throw new CsvSyntaxError(
              `unexpected character ${JSON.stringify(s[i])} after a closing quote (expected the delimiter or the end of the line)`,
              this.line + this.recLines,
              this.fields.length + 1
            )
          const value = this.cur
          this.cur = ''
          i = this.endField(value, s, i)
          break
        }
      }
    }
  }

  end(): void {
    if (this.stopped) return
    if (this.state === QUOTED)
      throw new CsvSyntaxError(
        'unterminated quoted field: a field opened with " is never closed (expected a closing ")',
        this.line + this.quoteLines,
        this.fields.length + 1
      )
    if (!this.started) return
    this.addField(this.cur)
    this.cur = ''
    this.emit()
  }

  /** Ends the field at s[j] (a delimiter or a line end); returns where reading goes on. */
  private endField(value: string, s: string, j: number): number {
    this.addField(value)
    const c = s.charCodeAt(j)
    this.state = FIELD_START
    if (c === this.delim) {
      this.grow(1)
      return j + 1
    }
    let next = j + 1
    if (c === CR) {
      if (next < s.length) {
        if (s.charCodeAt(next) === LF) next++
      } else this.skipLF = true
    }
    this.recLines++
    this.emit()
    return next
  }

  private addField(value: string): void {
    if (this.fields.length >= this.maxFields)
      throw new CsvSyntaxError(
        `line ${this.line} has more than ${count(this.maxFields)} fields: PriceLab imports at most ${count(this.maxFields)} columns (check the delimiter)`,
        this.line,
        this.maxFields + 1
      )
    this.fields.push(value)
  }

  private emit(): void {
    const fields = this.fields
    const startLine = this.line
    this.line += this.recLines
    this.recLines = 0
    this.recChars = 0
    this.fields = []
    this.started = false
    this.state = FIELD_START
    // A blank line is not a record.
    if (fields.length === 1 && fields[0] === '') return
    if (this.onRecord(fields, startLine) === false) this.stopped = true
  }

  private grow(chars: number): void {
    this.recChars += chars
    if (this.recChars > this.maxRecordChars)
      throw new CsvSyntaxError(
        `the record starting on line ${this.line} is longer than ${upTo(this.maxRecordChars / (1 << 20), 2)} million characters: no table row is this long (check the delimiter and the quotes, or whether this is a CSV file)`,
        this.line,
        this.fields.length + 1
      )
  }

  /** Line ends inside quoted text (CRLF, LF or a lone CR each count once). */
  private countLines(s: string, from: number, to: number): void {
    for (let q = from; q < to; q++) {
      const c = s.charCodeAt(q)
      if (c === LF) {
        if (!this.prevCR) this.recLines++
        this.prevCR = false
      } else if (c === CR) {
        this.recLines++
        this.prevCR = true
      } else this.prevCR = false
    }
  }
}
