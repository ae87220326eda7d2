import { CancelledError, CsvImportError } from './errors'
import type { CsvIssue } from '../../../shared/errors'
import { detectDelimiter } from './dialect'
import { CsvParser, CsvSyntaxError } from './parser'
import { findInvalidUtf8 } from './utf8'
import { sniffEncoding } from './encoding'
import type { Delimiter, TextEncoding } from '../../../shared/data'
import type { EncodingGuess } from '../../../shared/data/results'

/** Bytes of a file, in chunks: a Node read stream, a fetch body, a Uint8Array list in tests. */
export type ByteSource = AsyncIterable<Uint8Array>

// The core compiles without DOM or Node types; TextDecoder exists in both hosts.
declare const TextDecoder: {
  new (
    label: string,
    opts: { fatal: boolean; ignoreBOM: boolean }
  ): {
    decode(input?: Uint8Array, opts?: { stream: boolean }): string
  }
}

export interface ReadCsvOptions {
  file: string
  delimiter?: Delimiter
  signal?: { aborted: boolean }
  onBytes?: (bytesRead: number) => void
  /** Omitted: guessed from the first chunk (byte-order mark, NUL bytes, invalid UTF-8). */
  encoding?: TextEncoding
  /** The record parser to use once the delimiter is known (default: CsvParser, one string[] per record). */
  recordParser?: RecordParserFactory
}

/** What readCsv needs of a record parser: text in chunks, records out, where an encoding error sits. */
export interface RecordParser {
  push(text: string): void
  end(): void
  readonly isStopped: boolean
  positionOfBufferEnd(): { line: number; column: number }
}

export type RecordParserFactory = (
  delimiter: Delimiter,
  onRecord: (fields: string[], line: number) => boolean | void
) => RecordParser

export interface ReadCsvResult {
  delimiter: Delimiter
  bytes: number
  encoding: EncodingGuess
  /** True when onRecord asked to stop before the end of the file. */
  stoppedEarly: boolean
}

/**
 * Decodes the text (UTF-8 strictly, with or without a BOM; Windows-1252/Latin-1 and
 * UTF-16 transcoded, guessed from the first chunk unless given), detects the delimiter from the
 * first 64 KiB, and streams records to onRecord (return false to stop early).
 * Encoding and syntax problems become CsvImportError with file, line and column.
 */
export async function readCsv(
  source: ByteSource,
  opts: ReadCsvOptions,
  onRecord: (fields: string[], line: number) => boolean | void
): Promise<ReadCsvResult> {
  let guess: EncodingGuess = opts.encoding
    ? { encoding: opts.encoding, reason: 'chosen' }
    : { encoding: 'utf-8', reason: 'valid-utf8' }
  let decoder = new TextDecoder(guess.encoding, { fatal: true, ignoreBOM: false })
  let parser: RecordParser | null = null
  let delimiter: Delimiter | undefined = opts.delimiter
  let pending = ''
  let bytes = 0
  let sawContent = false

  const feed = (text: string, final: boolean) => {
    if (!parser) {
      pending += text
      if (pending.length < 65536 && !final) return
      delimiter ??= detectDelimiter(pending)
      parser = opts.recordParser ? opts.recordParser(delimiter, onRecord) : new CsvParser(delimiter, onRecord)
      text = pending
      pending = ''
    }
    if (text.length) sawContent = true
    wrapSyntax(opts.file, () => {
      parser!.push(text)
      if (final) parser!.end()
    })
  }

  for await (const chunk of source) {
    if (opts.signal?.aborted) throw new CancelledError('import')
    if (bytes === 0 && !opts.encoding) {
      guess = sniffEncoding(chunk)
      decoder = new TextDecoder(guess.encoding, {
        fatal: guess.encoding !== 'windows-1252',
        ignoreBOM: false
      })
    }
    bytes += chunk.length
    let text: string
    try {
      text = decoder.decode(chunk, { stream: true })
    } catch {
      // The fatal decoder throws a bare TypeError on invalid bytes: say where, in the file's terms.
      if (guess.encoding !== 'utf-8') throw utf16Error(opts.file, guess.encoding, bytes - chunk.length)
      throw encodingError(opts.file, chunk, parser, pending, bytes - chunk.length, delimiter ?? ',')
    }
    feed(text, false)
    opts.onBytes?.(bytes)
    const p = parser as RecordParser | null
    if (p?.isStopped) return { delimiter: delimiter ?? ',', bytes, encoding: guess, stoppedEarly: true }
  }
  let tail: string
  try {
    tail = decoder.decode()
  } catch {
    // The file ends inside a multi-byte character (the fatal decoder throws): a located error.
    throw new CsvImportError([
      {
        file: opts.file,
        line: 1,
        column: 1,
        message: `the file ends in the middle of a ${guess.encoding.toUpperCase()} character (expected ${guess.encoding.toUpperCase()} text)`
      }
    ])
  }
  feed(tail, true)
  if (!sawContent && bytes === 0)
    throw new CsvImportError([
      { file: opts.file, line: 1, column: 1, message: 'the file is empty (expected a header row)' }
    ])
  const p = parser as RecordParser | null
  return { delimiter: delimiter ?? ',', bytes, encoding: guess, stoppedEarly: p?.isStopped ?? false }
}

/** A UTF-16 file with an unpaired surrogate: the text is damaged (or not UTF-16 after all). */
function utf16Error(file: string, encoding: TextEncoding, offset: number): CsvImportError {
  return new CsvImportError([
    {
      file,
      line: 1,
      column: 1,
      message: `the file is not valid ${encoding.toUpperCase()} text near byte offset ${offset} (choose another encoding, or save it as UTF-8)`,
      expected: `${encoding.toUpperCase()} text`
    }
  ])
}

function wrapSyntax(file: string, fn: () => void): void {
  try {
    fn()
  } catch (e) {
    if (e instanceof CsvSyntaxError)
      throw new CsvImportError([{ file, line: e.line, column: e.column, message: e.message }])
    throw e
  }
}

function encodingError(
  file: string,
  chunk: Uint8Array,
  parser: RecordParser | null,
  pending: string,
  offset: number,
  delimiter: Delimiter
): CsvImportError {
  const at = Math.max(0, findInvalidUtf8(chunk, false))
  const prefix = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(chunk.subarray(0, at))
  let line = 1
  let column = 1
  if (parser) {
    const before = parser.positionOfBufferEnd()
    const extra = countPosition(prefix, before.column, delimiter)
    line = before.line + extra.lines
    column = extra.column
  } else {
    const pos = countPosition(pending + prefix, 1, delimiter)
    line = 1 + pos.lines
    column = pos.column
  }
  const byte = chunk[at]
  const hint =
    byte >= 0x80 && byte <= 0xff
      ? ' (the start of the file is UTF-8 but this part looks Latin-1 or Windows-1252 encoded: choose the encoding Windows-1252 / Latin-1, or save the file as UTF-8)'
      : ''
  const issue: CsvIssue = {
    file,
    line,
    column,
    message: `invalid UTF-8 byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} at byte offset ${offset + at}${hint}`,
    expected: 'UTF-8 text'
  }
  return new CsvImportError([issue])
}

/** Newlines and field index reached by text, starting at field startColumn; quotes are honoured. */
function countPosition(
  text: string,
  startColumn: number,
  delimiter: Delimiter
): { lines: number; column: number } {
  let lines = 0
  let column = startColumn
  let inQ = false
  for (const c of text) {
    if (c === '"') inQ = !inQ
    else if (c === '\n') {
      lines++
      if (!inQ) column = 1
    } else if (c === delimiter && !inQ) column++
  }
  return { lines, column }
}
