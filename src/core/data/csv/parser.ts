/**
 * A streaming RFC 4180 parser: quoted fields, embedded delimiters and newlines,
 * doubled quotes, CRLF / LF / CR line ends. Text arrives in chunks of any size;
 * each complete record is handed to onRecord with the physical line it starts on.
 * A record cut by a chunk boundary is re-scanned when the next chunk arrives, so
 * memory holds at most one chunk plus one record.
 */
export type Delimiter = ',' | ';' | '\t'

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number
  ) {
    super(message)
  }
}

const QUOTE = 34
const LF = 10
const CR = 13

export class CsvParser {
  private buf = ''
  private line = 1
  private readonly delim: number
  /** Set by onRecord returning false: stop delivering records. */
  private stopped = false

  constructor(
    delimiter: Delimiter,
    private readonly onRecord: (fields: string[], line: number) => boolean | void
  ) {
    this.delim = delimiter.charCodeAt(0)
  }

  get isStopped(): boolean {
    return this.stopped
  }

  /** Line the parser has reached: the first line of the record not yet complete. */
  get currentLine(): number {
    return this.line
  }

  push(text: string): void {
    this.buf = this.buf.length ? this.buf + text : text
    this.scan(false)
  }

  end(): void {
    this.scan(true)
    this.buf = ''
  }

  /** Field index (1-based) and line of the end of the buffered text: where an encoding error sits. */
  positionOfBufferEnd(): { line: number; column: number } {
    let line = this.line
    let column = 1
    let inQuotes = false
    for (let i = 0; i < this.buf.length; i++) {
      const c = this.buf.charCodeAt(i)
      if (c === QUOTE) inQuotes = !inQuotes
      else if (c === LF) {
        line++
        if (!inQuotes) column = 1
      } else if (c === this.delim && !inQuotes) column++
    }
    return { line, column }
  }

  private scan(final: boolean): void {
    const s = this.buf
    const n = s.length
    const d = this.delim
    let pos = 0
    while (pos < n && !this.stopped) {
      const recStart = pos
      let lines = 0
      const fields: string[] = []
      let i = pos
      let complete = false
      for (;;) {
        // One field starting at i.
        if (i < n && s.charCodeAt(i) === QUOTE) {
          let j = i + 1
          let value = ''
          let closed = false
          for (;;) {
            const k = s.indexOf('"', j)
            if (k < 0) break
            if (k + 1 < n && s.charCodeAt(k + 1) === QUOTE) {
              value += s.slice(j, k + 1)
              j = k + 2
              continue
            }
            if (k + 1 >= n && !final) break // the closing quote may be the first of a doubled pair in the next chunk
            value += s.slice(j, k)
            j = k + 1
            closed = true
            break
          }
          if (!closed) {
            if (!final) break
            throw new CsvSyntaxError(
              'unterminated quoted field: a field opened with " is never closed (expected a closing ")',
              this.line + lines,
              fields.length + 1
            )
          }
          for (let q = i; q < j; q++)
            if (s.charCodeAt(q) === LF || (s.charCodeAt(q) === CR && s.charCodeAt(q + 1) !== LF)) lines++
          fields.push(value)
          i = j
          if (i < n) {
            const c = s.charCodeAt(i)
            if (c !== d && c !== LF && c !== CR)
              throw new CsvSyntaxError(
                `unexpected character ${JSON.stringify(s[i])} after a closing quote (expected the delimiter or the end of the line)`,
                this.line + lines,
                fields.length
              )
          }
        } else {
          let j = i
          while (j < n) {
            const c = s.charCodeAt(j)
            if (c === d || c === LF || c === CR) break
            j++
          }
          fields.push(s.slice(i, j))
          i = j
        }
        if (i >= n) {
          if (final) complete = true
          break
        }
        const c = s.charCodeAt(i)
        if (c === d) {
          i++
          if (i >= n && final) {
            fields.push('')
            complete = true
            break
          }
          continue
        }
        // End of line: CRLF, LF or a lone CR. A CR at the chunk's end may be half of a CRLF.
        if (c === CR) {
          if (i + 1 >= n && !final) break
          i += s.charCodeAt(i + 1) === LF ? 2 : 1
        } else i++
        lines++
        complete = true
        break
      }
      if (!complete) {
        this.buf = s.slice(recStart)
        return
      }
      const startLine = this.line
      this.line += lines
      pos = i
      // A blank line is not a record.
      if (fields.length === 1 && fields[0] === '') continue
      if (this.onRecord(fields, startLine) === false) this.stopped = true
    }
    this.buf = pos < n ? s.slice(pos) : ''
  }
}
