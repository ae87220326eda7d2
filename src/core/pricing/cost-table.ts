import { CsvParser, CsvSyntaxError } from '../data/csv/parser'
import { detectDelimiter } from '../data/csv/dialect'
import { CsvImportError } from '../data/csv/errors'
import type { CsvIssue } from '../../shared/errors'
import type { ItemCosts } from '../../shared/pricing'

/** Item column names a cost table may use besides the dataset's own item (and segment) column. */
export const ITEM_COLUMN_NAMES = ['item', 'item_id', 'sku', 'product', 'product_id', 'id']
/** Cost column names a cost table may use. */
export const COST_COLUMN_NAMES = ['cost', 'unit_cost', 'unit cost', 'cost_per_unit', 'cogs']

/** The first problems are reported, with file, line and column; the table is read all or nothing. */
const MAX_ISSUES = 20

const norm = (s: string) => s.trim().toLowerCase()

function findColumn(header: string[], names: string[]): number {
  const wanted = names.map(norm)
  for (const w of wanted) {
    const k = header.findIndex((h) => norm(h) === w)
    if (k >= 0) return k
  }
  return -1
}

/** A number as an analyst writes it in a CSV: "1.25", " 0.4 ", "1,234.5" (thousands commas). */
function readNumber(raw: string): number | null {
  const t = raw.trim().replace(/^\$/, '')
  if (!/^[+-]?(\d{1,3}(,\d{3})+|\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(t) || !/\d/.test(t)) return null
  const x = Number(t.replace(/,/g, ''))
  return Number.isFinite(x) ? x : null
}

function parseRecords(text: string, file: string): { fields: string[]; line: number }[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const records: { fields: string[]; line: number }[] = []
  const parser = new CsvParser(detectDelimiter(body.slice(0, 64 * 1024)), (fields, line) => {
    if (fields.length === 1 && fields[0].trim() === '') return
    records.push({ fields, line })
  })
  try {
    parser.push(body)
    parser.end()
  } catch (e) {
    if (e instanceof CsvSyntaxError)
      throw new CsvImportError([{ file, line: e.line, column: e.column, message: e.message }])
    throw e
  }
  return records
}

/**
 * Reads a per-item cost table (CSV): an item column (the dataset's item column by name,
 * or item / item_id / sku / product / id) and a cost column (cost / unit_cost / cogs).
 * Every cost must be a number ≥ 0 and every item listed once; the first problems are
 * refused together, each with its file, line and column, and nothing is kept.
 */
export function readCostTable(text: string, file: string, itemColumns: string[] = []): ItemCosts {
  const records = parseRecords(text, file)
  if (!records.length)
    throw new CsvImportError([{ file, line: 1, column: 1, message: 'the cost table is empty' }])
  const header = records[0].fields
  const itemNames = [...itemColumns, ...ITEM_COLUMN_NAMES]
  const ic = findColumn(header, itemNames)
  const cc = findColumn(header, COST_COLUMN_NAMES)
  const issues: CsvIssue[] = []
  const found = header.map((h) => `"${h}"`).join(', ')
  if (ic < 0)
    issues.push({
      file,
      line: records[0].line,
      column: 1,
      message: `no item column: name one ${itemNames.map((n) => `"${n}"`).join(', ')} (found ${found})`
    })
  if (cc < 0)
    issues.push({
      file,
      line: records[0].line,
      column: Math.max(1, header.length),
      message: `no cost column: name one ${COST_COLUMN_NAMES.map((n) => `"${n}"`).join(', ')} (found ${found})`
    })
  if (issues.length) throw new CsvImportError(issues)
  const rows: ItemCosts['rows'] = []
  const first = new Map<string, number>()
  for (const { fields, line } of records.slice(1)) {
    if (issues.length >= MAX_ISSUES) break
    const item = (fields[ic] ?? '').trim()
    const raw = fields[cc] ?? ''
    const at = (k: number, name: string, message: string) =>
      issues.push({ file, line, column: k + 1, columnName: name, message })
    if (!item) {
      at(ic, header[ic], 'the item is empty')
      continue
    }
    const prev = first.get(item)
    if (prev !== undefined) {
      at(ic, header[ic], `item "${item}" is listed twice (first on line ${prev})`)
      continue
    }
    first.set(item, line)
    const cost = readNumber(raw)
    if (cost === null) at(cc, header[cc], `cost "${raw}" is not a number`)
    else if (cost < 0) at(cc, header[cc], `cost ${raw.trim()} is below zero`)
    else rows.push({ item, cost, line })
  }
  if (issues.length) throw new CsvImportError(issues)
  if (!rows.length)
    throw new CsvImportError([
      { file, line: records[0].line + 1, column: ic + 1, message: 'the cost table has no rows' }
    ])
  return { file, item_column: header[ic].trim(), cost_column: header[cc].trim(), rows }
}
