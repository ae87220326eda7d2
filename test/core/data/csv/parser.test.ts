import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { CsvParser } from '../../../../src/core/data/csv/parser'
import { detectDelimiter } from '../../../../src/core/data/csv/dialect'
import { readCsv } from '../../../../src/core/data/csv/reader'
import { CsvImportError } from '../../../../src/core/data/csv/errors'
import { chunks } from '../../../helpers'

function parseAll(
  text: string,
  delimiter: ',' | ';' | '\t' = ',',
  cut?: number[]
): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = []
  const p = new CsvParser(delimiter, (fields, line) => void out.push({ fields, line }))
  let last = 0
  for (const c of cut ?? []) {
    p.push(text.slice(last, c))
    last = c
  }
  p.push(text.slice(last))
  p.end()
  return out
}

describe('CsvParser (RFC 4180)', () => {
  it('reads quoted fields with delimiters, newlines and doubled quotes', () => {
    const r = parseAll('a,b,c\r\n"x, y","line1\nline2","say ""hi"""\r\n1,,3\n')
    expect(r.map((x) => x.fields)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'line1\nline2', 'say "hi"'],
      ['1', '', '3']
    ])
    // The record after the embedded newline starts on physical line 4.
    expect(r.map((x) => x.line)).toEqual([1, 2, 4])
  })

  it('accepts LF, CRLF and lone CR line ends and a missing final newline', () => {
    expect(parseAll('a\nb\r\nc\rd').map((x) => x.fields[0])).toEqual(['a', 'b', 'c', 'd'])
  })

  it('gives the same records wherever the chunks are cut', () => {
    const text = 'id,name,note\r\n1,"Smith, J","a ""quoted"" word"\r\n2,Lee,"multi\r\nline"\r\n3,,\r\n'
    const whole = parseAll(text)
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 6 }), (cuts) => {
        expect(
          parseAll(
            text,
            ',',
            [...cuts].sort((a, b) => a - b)
          )
        ).toEqual(whole)
      })
    )
  })

  it('reports an unterminated quote with its line and column', () => {
    expect(() => parseAll('a,b\n1,"open\n2,3\n')).toThrow(/unterminated/)
    try {
      parseAll('a,b\n1,"open\n2,3\n')
    } catch (e) {
      expect(e).toMatchObject({ line: 2, column: 2 })
    }
  })

  it('detects comma, semicolon and tab delimiters, ignoring quoted ones', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n')).toBe(',')
    expect(detectDelimiter('a;b;c\n"1,5";2;3\n')).toBe(';')
    expect(detectDelimiter('a\tb\n1\t2\n')).toBe('\t')
  })
})

describe('readCsv', () => {
  it('strips a UTF-8 BOM and keeps accents', async () => {
    const rows: string[][] = []
    await readCsv(chunks('\uFEFFnom;prix\nCafé;1,5\n', 3), { file: 'f.csv' }, (f) => void rows.push(f))
    expect(rows).toEqual([
      ['nom', 'prix'],
      ['Café', '1,5']
    ])
  })

  it('names the line and column of a non-UTF-8 byte', async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('name,city\nAna,'),
      0x4d,
      0xfc,
      0x6e,
      0x63,
      0x68,
      0x65,
      0x6e,
      0x0a
    ])
    const err = await readCsv(
      chunks(bytes, 1 << 16),
      { file: 'latin1.csv', encoding: 'utf-8' },
      () => {}
    ).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CsvImportError)
    expect((err as CsvImportError).issues[0]).toMatchObject({ file: 'latin1.csv', line: 2, column: 2 })
    expect((err as CsvImportError).message).toMatch(/invalid UTF-8 byte 0xFC/)
  })

  it('rejects an empty file', async () => {
    const err = await readCsv(chunks(''), { file: 'empty.csv' }, () => {}).catch((e: unknown) => e)
    expect((err as CsvImportError).issues[0]).toMatchObject({ file: 'empty.csv', line: 1, column: 1 })
    expect((err as Error).message).toMatch(/empty/)
  })
})
