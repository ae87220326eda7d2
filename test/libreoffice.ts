import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { inflateRawSync } from 'node:zlib'
import { writeZip } from '../src/backend/zip-writer'
import { WHAT_IF } from '../src/core/pricing/workbook/what-if'

const scratch = () => mkdtempSync(join(tmpdir(), 'pricelab-lo-'))

/** RFC 4180 records (LibreOffice's CSV: quoted fields, doubled quotes, newlines inside quotes). */
export function csvRows(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const endField = () => {
    row.push(field)
    field = ''
  }
  const endRow = () => {
    endField()
    rows.push(row)
    row = []
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"'
      i++
    } else if (ch === '"') quoted = !quoted
    else if (quoted) field += ch
    else if (ch === ',') endField()
    else if (ch === '\n') endRow()
    else if (ch !== '\r') field += ch
  }
  if (field || row.length) endRow()
  return rows
}

/** The LibreOffice binary, or null (the tests that need it print why they skip). */
export function sofficePath(): string | null {
  for (const p of ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice'])
    if (existsSync(p)) return p
  return null
}

let profile: string | null = null

/**
 * A throwaway LibreOffice profile whose Calc recalculates every formula of an xlsx on
 * load ("always", not the default "never"/"ask"): the CSV it writes then holds the
 * engine's own results, never a cached value (PriceLab writes none). One per test process:
 * LibreOffice fills a new profile on its first start (~2 s), and the conversions of a
 * process run one at a time (spawnSync), so they never share it at once.
 */
function recalcProfile(): string {
  if (profile && existsSync(join(profile, 'user', 'registrymodifications.xcu'))) return profile
  const dir = join(scratch(), 'lo-profile')
  mkdirSync(join(dir, 'user'), { recursive: true })
  const item = (path: string, prop: string, value: string) =>
    `<item oor:path="${path}"><prop oor:name="${prop}" oor:op="fuse"><value>${value}</value></prop></item>`
  writeFileSync(
    join(dir, 'user', 'registrymodifications.xcu'),
    '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      item('/org.openoffice.Office.Calc/Formula/Load', 'OOXMLRecalcMode', '0') +
      item('/org.openoffice.Office.Calc/Formula/Load', 'ODFRecalcMode', '0') +
      '</oor:items>'
  )
  profile = dir
  return dir
}

/**
 * Opens the workbook in LibreOffice Calc headless with a full recalculation and writes
 * every sheet as CSV (raw values, not as shown: full precision). Returns each sheet's rows
 * by sheet name.
 */
export function recalculatedSheets(soffice: string, xlsx: string): Map<string, string[][]> {
  const out = join(scratch(), 'lo-out')
  mkdirSync(out, { recursive: true })
  // Field 44 (,), text 34 ("), UTF-8 (76), from line 1, …, "as shown" false, sheet -1: every sheet to its own file.
  const filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,-1'
  const r = spawnSync(
    soffice,
    [
      `-env:UserInstallation=${pathToFileURL(recalcProfile()).href}`,
      '--headless',
      '--norestore',
      '--convert-to',
      filter,
      '--outdir',
      out,
      xlsx
    ],
    { encoding: 'utf8', timeout: 600_000, maxBuffer: 16 << 20 }
  )
  if (r.status !== 0) throw new Error(`soffice failed (${r.status}): ${r.stderr}`)
  const stem = basename(xlsx).replace(/\.xlsx$/, '')
  const sheets = new Map<string, string[][]>()
  for (const f of readdirSync(out)) {
    if (!f.startsWith(`${stem}-`) || !f.endsWith('.csv')) continue
    sheets.set(f.slice(stem.length + 1, -4), csvRows(readFileSync(join(out, f), 'utf8')))
  }
  if (!sheets.size) throw new Error(`soffice wrote no CSV: ${r.stdout} ${r.stderr}`)
  return sheets
}

/** The zip's entries, inflated, in order (a reader of PriceLab's own writer: sizes in the local headers). */
export function xlsxEntries(path: string): Map<string, string> {
  const b = readFileSync(path)
  const out = new Map<string, string>()
  let o = 0
  while (b.readUInt32LE(o) === 0x04034b50) {
    const size = b.readUInt32LE(o + 18)
    const nameLen = b.readUInt16LE(o + 26)
    const name = b.toString('utf8', o + 30, o + 30 + nameLen)
    const start = o + 30 + nameLen
    out.set(name, inflateRawSync(b.subarray(start, start + size)).toString('utf8'))
    o = start + size
  }
  return out
}

/** As a client would: types new prices into the What-if sheet's "your price" cells, and saves the workbook. */
export function typeYourPrices(path: string, prices: ArrayLike<number>): string {
  const parts = xlsxEntries(path)
  let sheet = parts.get('xl/worksheets/sheet2.xml') as string
  for (let i = 0; i < prices.length; i++) {
    const ref = `F${WHAT_IF.firstItem + i}`
    const cell = new RegExp(`(<c r="${ref}" s="\\d+"><v>)[^<]*(</v>)`)
    if (!cell.test(sheet)) throw new Error(`no price cell ${ref} in the What-if sheet`)
    sheet = sheet.replace(cell, `$1${prices[i]}$2`)
  }
  parts.set('xl/worksheets/sheet2.xml', sheet)
  const out = path.replace(/\.xlsx$/, '-edited.xlsx')
  writeZip(
    out,
    [...parts].map(([p, text]) => ({ path: p, chunks: [text] }))
  )
  return out
}
