import { strFromU8 } from 'fflate'
import { storedZip, unpackEntry, zipEntries, ZipFormatError, type ZipEntry } from './zip-entries'

/** A sheet of a workbook: its name as Excel shows it and its part inside the zip. */
export interface SheetPart {
  name: string
  path: string
  declaredSize: number
}

/** Parts a sheet's rows never need (images, charts, pivot caches, print settings): not unpacked. */
const UNNEEDED =
  /^xl\/(media|drawings|charts|pivotCache|pivotTables|externalLinks|printerSettings|embeddings)\//i

/**
 * The workbook cut down to what reading ONE sheet needs, every part unpacked
 * under a total limit, re-packed uncompressed for the parser: the other sheets
 * (which may be huge) are never unpacked nor parsed.
 */
export function workbookForSheet(
  bytes: Uint8Array,
  pick: (sheets: SheetPart[]) => SheetPart,
  maxUnpackedBytes: number
): { zip: Uint8Array; sheets: SheetPart[]; sheet: SheetPart } {
  const entries = zipEntries(bytes)
  const byName = new Map(entries.map((e) => [e.name.replace(/^\//, ''), e]))
  const wbEntry = byName.get('xl/workbook.xml')
  if (!wbEntry) throw new ZipFormatError('no-workbook', 'unsupported')
  let budget = maxUnpackedBytes
  const unpack = (e: ZipEntry) => {
    const data = unpackEntry(bytes, e, budget)
    budget -= data.length
    return data
  }
  const text = (e: ZipEntry | undefined) => (e ? strFromU8(unpack(e)) : '')
  const sheets = sheetParts(text(wbEntry), text(byName.get('xl/_rels/workbook.xml.rels')), byName)
  const sheet = pick(sheets)
  const otherSheets = new Set(sheets.filter((s) => s.path !== sheet.path).map((s) => s.path))
  const parts = entries
    .map((e) => ({ e, name: e.name.replace(/^\//, '') }))
    .filter(
      ({ name }) => !UNNEEDED.test(name) && !otherSheets.has(name) && !otherSheets.has(sheetOfRels(name))
    )
    .map(({ e, name }) => ({ name, crc: e.crc, data: unpack(e) }))
  return { zip: storedZip(parts), sheets, sheet }
}

/** "xl/worksheets/_rels/sheet2.xml.rels" → "xl/worksheets/sheet2.xml". */
function sheetOfRels(name: string): string {
  return name.replace(/_rels\/([^/]+)\.rels$/, '$1')
}

function sheetParts(workbookXml: string, relsXml: string, entries: Map<string, ZipEntry>): SheetPart[] {
  const targets = new Map<string, string>()
  for (const m of relsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id')
    const target = attr(m[0], 'Target')
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`)
  }
  const parts: SheetPart[] = []
  for (const m of workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = attr(m[0], 'name')
    const id = attr(m[0], '(?:\\w+:)?id')
    const path = id ? targets.get(id) : undefined
    const entry = path ? entries.get(path) : undefined
    if (name !== undefined && path && entry) parts.push({ name, path, declaredSize: entry.declaredSize })
  }
  return parts
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)
  return m ? unescapeXml(m[1]) : undefined
}

function unescapeXml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#x[0-9a-f]+|#\d+);/gi, (_, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
    if (named[e]) return named[e]
    return String.fromCodePoint(
      e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
    )
  })
}
