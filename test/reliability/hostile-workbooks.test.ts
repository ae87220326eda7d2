import { describe, expect, it } from 'vitest'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { utils, write } from '@e965/xlsx'
import { previewCsv } from '../../src/core/data/import/preview'
import { CsvImportError } from '../../src/core/data/csv/errors'
import { workbookInWorker } from '../../src/backend/workbook-reader'
import { chunks } from '../helpers'

/**
 * Issue 29, workbooks: files a careless or hostile user can hand the importer.
 * Each must be refused with what to do, in bounded time, without taking the
 * process down; the hostile files are generated here, small.
 */

function workbook(sheets: Record<string, unknown[][]>, compression = true): Uint8Array {
  const wb = utils.book_new()
  for (const [name, rows] of Object.entries(sheets))
    utils.book_append_sheet(wb, utils.aoa_to_sheet(rows), name)
  return new Uint8Array(write(wb, { type: 'array', bookType: 'xlsx', compression }) as ArrayBuffer)
}

const small = () =>
  workbook({
    Sales: [
      ['sku', 'price'],
      ['A', 1.5],
      ['B', 2]
    ]
  })

/** A workbook whose sheet "Big" unpacks to `mb` MB of rows (it compresses ~1000:1). */
function bomb(mb: number): Uint8Array {
  const parts = unzipSync(workbook({ Small: [['sku'], ['A']], Big: [['sku'], ['B']] }))
  const row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>'
  const body = row.repeat(Math.ceil((mb * 1024 * 1024) / row.length))
  parts['xl/worksheets/sheet2.xml'] = strToU8(
    `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`
  )
  return zipSync(parts, { level: 9 })
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))
const inWorker = (o: { timeoutMs?: number; memoryMb?: number } = {}) =>
  workbookInWorker({ timeoutMs: 60_000, ...o })

describe('hostile workbooks (issue 29 items 1-3)', () => {
  it('a workbook cut off after 10-200 bytes is refused as incomplete (it made the reader loop forever)', async () => {
    const whole = small()
    for (const n of [10, 30, 64, 100, 150, 200]) {
      const err = await previewCsv(chunks(whole.slice(0, n), 1 << 16), 'cut.xlsx', {
        workbook: inWorker()
      }).catch((e: unknown) => e)
      expect(err, `cut at ${n} bytes`).toBeInstanceOf(CsvImportError)
      expect(message(err)).toMatch(/^cut\.xlsx:1:1: the workbook is incomplete.*copy the original again/)
    }
  })

  it('a zip bomb is refused by the unpacked-size limit; a small sheet next to it still reads', async () => {
    const file = bomb(12)
    expect(file.length).toBeLessThan(200_000)
    const limit = { maxUnpackedBytes: 4 * 1024 * 1024 }
    // Asked for, or chosen as the largest sheet: refused before it fills memory.
    for (const sheet of ['Big', undefined]) {
      const err = await previewCsv(chunks(file, 1 << 16), 'bomb.xlsx', { sheet, ...limit }).catch(
        (e: unknown) => e
      )
      expect(message(err)).toMatch(
        /the workbook unpacks to more than 4 MB of sheet data.*save the sheet as CSV UTF-8/
      )
    }
    // Only the sheet asked for is unpacked and parsed: the bomb next to it costs nothing.
    const p = await previewCsv(chunks(file, 1 << 16), 'bomb.xlsx', { sheet: 'Small', ...limit })
    expect(p.sheets).toEqual(['Small', 'Big'])
    expect(p.header).toEqual(['sku'])
    expect(p.rows).toEqual([['A']])
  })

  it('parsing runs in a worker: the event loop keeps turning while a sheet is parsed', async () => {
    const rows = [['sku', 'price'], ...Array.from({ length: 20000 }, (_, i) => [`S${i}`, i])]
    const file = workbook({ S: rows })
    let parsed = false
    const preview = previewCsv(chunks(file, 1 << 20), 's.xlsx', { workbook: inWorker() }).then((p) => {
      parsed = true
      return p
    })
    // A turn of the event loop happens before the parse ends (on this thread it would not).
    await new Promise<void>((resolve) => setImmediate(resolve))
    expect(parsed).toBe(false)
    expect((await preview).header).toEqual(['sku', 'price'])
  })

  it('a sheet needing more memory than the cap, or more time than the limit, is refused; the process lives', async () => {
    const rows = [['sku', 'price'], ...Array.from({ length: 100000 }, (_, i) => [`S${i}`, i])]
    const file = workbook({ S: rows })
    // The whole sheet, as an import reads it (a preview parses only its first rows).
    const oom = await inWorker({ memoryMb: 48 })(file, { file: 'big.xlsx' }).catch((e: unknown) => e)
    expect(message(oom)).toMatch(
      /big\.xlsx:1:1: the sheet needs more than 48 MB of memory to read; save the sheet as CSV/
    )
    const slow = await previewCsv(chunks(file, 1 << 20), 'big.xlsx', {
      workbook: inWorker({ timeoutMs: 1 })
    }).catch((e: unknown) => e)
    expect(message(slow)).toMatch(/reading the workbook took longer than 0 s, so it was stopped/)
    // The same reader still works afterwards.
    const ok = await previewCsv(chunks(small(), 1 << 16), 'ok.xlsx', { workbook: inWorker() })
    expect(ok.header).toEqual(['sku', 'price'])
  })
})

describe('workbook messages a user can act on (issue 29, messages)', () => {
  const refusal = async (bytes: Uint8Array, file: string, sheet?: string) =>
    message(await previewCsv(chunks(bytes, 1 << 16), file, { sheet }).catch((e: unknown) => e))

  it('an empty sheet name means the default sheet, not `no sheet named ""`', async () => {
    const p = await previewCsv(chunks(small(), 1 << 16), 'a.xlsx', { sheet: '' })
    expect(p.sheet).toBe('Sales')
  })

  it('a corrupted zip is "damaged", not "has no header row"', async () => {
    const bytes = workbook({
      S: [['sku'], ...Array.from({ length: 500 }, (_, i) => [`item ${i} ${i * 7919}`])]
    })
    const parts = unzipSync(bytes)
    expect(parts['xl/worksheets/sheet1.xml']).toBeDefined()
    // Overwrite a stretch in the middle of the sheet's compressed bytes.
    const at = Math.floor(bytes.length / 3)
    const bad = bytes.slice()
    bad.fill(0x55, at, at + 200)
    expect(await refusal(bad, 'c.xlsx')).toMatch(
      /^c\.xlsx:1:1: the workbook is (damaged|incomplete).*(open it in Excel|copy the original)/
    )
  })

  it('an empty zip, an old .xls renamed .xlsx, an HTML page named .xlsx and UTF-32 text say what they are', async () => {
    expect(await refusal(new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Uint8Array(18)]), 'e.xlsx')).toMatch(
      /e\.xlsx:1:1: the file is an empty zip archive/
    )
    const xls = new Uint8Array(2048)
    xls.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    expect(await refusal(xls, 'old.xlsx')).toMatch(
      /old\.xlsx:1:1: the file is an old Excel 97-2003 workbook \(\.xls\).*save it as/
    )
    const html = strToU8(
      '<html><body><table><tr><td>sku</td></tr><tr><td>A</td></tr></table></body></html>\n'
    )
    expect(await refusal(html, 'page.xlsx')).toMatch(/page\.xlsx:1:1: the file is a web page \(HTML\)/)
    const utf32 = new Uint8Array([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0, 0x0a, 0, 0, 0])
    expect(await refusal(utf32, 'u.csv')).toMatch(/u\.csv:1:1: the file is UTF-32 text.*CSV UTF-8/)
    expect(await refusal(strToU8('sk\0u,price\nA,1\n'), 'n.csv')).toMatch(
      /n\.csv:1:1: the name of column 1 contains a NUL/
    )
  })

  it('Excel day 0 and day 60 are refused at their cell, not turned into 1900-01-00 / 1900-02-29', async () => {
    for (const serial of [0, 60]) {
      const ws = utils.aoa_to_sheet([['week'], [1]])
      ws.A2 = { t: 'n', v: serial, z: 'yyyy-mm-dd' }
      const wb = utils.book_new()
      utils.book_append_sheet(wb, ws, 'S')
      const bytes = new Uint8Array(write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer)
      expect(await refusal(bytes, 'd.xlsx')).toMatch(
        new RegExp(`d\\.xlsx:2:1: .*day ${serial}.*enter the real date`)
      )
    }
  })

  it('5e-324 and 1.2345678e-15 keep every digit', async () => {
    const p = await previewCsv(
      chunks(workbook({ S: [['v'], [5e-324], [1.2345678e-15], [1e-7]] }), 1 << 16),
      'tiny.xlsx'
    )
    expect(p.rows.map((r) => Number(r[0]))).toEqual([5e-324, 1.2345678e-15, 1e-7])
    expect(p.rows[2][0]).toBe('0.0000001')
  })
})

describe('NUL bytes in text values (issue 29 item 12)', () => {
  it('a text field holding a NUL is refused at its line and column, not stored unseen', async () => {
    const { importCsv } = await import('../../src/core/data/import/import-csv')
    const { newDb } = await import('../helpers')
    const db = newDb()
    const plan = {
      target: { kind: 'dataset' as const, name: 'n', roles: {} },
      columns: [
        { source: 'sku', target: 'sku', type: 'text' as const },
        { source: 'price', target: 'price', type: 'number' as const }
      ]
    }
    const err = await importCsv(db, chunks('sku,price\nA,1\nB\0x,2\n', 1 << 16), 'nul.csv', plan).catch(
      (e: unknown) => e
    )
    expect(message(err)).toMatch(/^nul\.csv:3:1 \(column "sku"\): expected text without NUL characters/)
  })
})
