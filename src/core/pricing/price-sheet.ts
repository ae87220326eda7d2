import { csvCell, csvLine, fixedDecimal, UTF8_BOM, type CsvValue } from '../data/csv/writer'
import type { PriceRow, PriceUnit } from '../../shared/pricing'
import { TOKENS } from './units'
import { priceDecimals, roundTo } from '../../shared/format/numbers'

/** The EdTech sample's price sheet columns, in order (its quantities are enrollments); the names are the CSV header. */
export const PRICE_SHEET_COLUMNS = [
  'item_id',
  'name',
  'category',
  'tier',
  'current_price',
  'recommended_price',
  'change_pct',
  'enrollments_before',
  'enrollments_after',
  'revenue_before',
  'revenue_after',
  'margin_before',
  'margin_after',
  'strategy_price',
  'reasoning',
  'binding_guardrail',
  'out_of_observed_range',
  'observed_min',
  'observed_max'
] as const satisfies readonly (keyof PriceRow)[]

/** Any other dataset's columns: neutral quantity names, and the price unit last. */
export const NEUTRAL_SHEET_COLUMNS = [
  ...PRICE_SHEET_COLUMNS.map((c) =>
    c === 'enrollments_before' ? 'quantity_before' : c === 'enrollments_after' ? 'quantity_after' : c
  ),
  'price_unit'
] as const satisfies readonly (keyof PriceRow)[]

/** Amounts in the price unit: written with its decimals (cents, whole units). */
const MONEY = [
  'current_price',
  'recommended_price',
  'strategy_price',
  'observed_min',
  'observed_max',
  'revenue_before',
  'revenue_after',
  'margin_before',
  'margin_after'
] as const satisfies readonly (keyof PriceRow)[]
/** Percents and predicted quantities: two decimals say all a sheet reader can use. */
const TWO_DECIMALS = [
  'change_pct',
  'quantity_before',
  'quantity_after',
  'enrollments_before',
  'enrollments_after'
] as const satisfies readonly (keyof PriceRow)[]
export const PERCENT_DECIMALS = 2

/** One row as the sheet writes it: money to the unit's decimals, percents and quantities to two. */
export function sheetRow(r: PriceRow, unit: PriceUnit): PriceRow {
  const out = { ...r }
  const decimals = priceDecimals(unit) ?? unit.decimals
  for (const k of MONEY) {
    const v = r[k]
    if (v !== null) out[k] = roundTo(v, decimals)
  }
  for (const k of TWO_DECIMALS) out[k] = roundTo(r[k], PERCENT_DECIMALS)
  return out
}

/** A sheet column: its header and the row field it writes. */
interface SheetColumn {
  header: string
  key: keyof PriceRow
}

/**
 * The columns of a dataset's sheet. The EdTech sample keeps its own; any other dataset gets
 * neutral quantity names, its segment column under the segment's own name (none without a
 * segment), a tier column only when its rows have tiers, and the price unit last.
 */
export function sheetColumns(
  rows: readonly PriceRow[],
  sample: boolean,
  segmentName: string | null
): SheetColumn[] {
  if (sample) return PRICE_SHEET_COLUMNS.map((key) => ({ header: key, key }))
  const hasTier = rows.some((r) => r.tier !== null && r.tier !== '')
  const segment = segmentName && segmentName !== 'all' ? segmentName : null
  return NEUTRAL_SHEET_COLUMNS.flatMap((key): SheetColumn[] => {
    if (key === 'category') return segment ? [{ header: segment, key }] : []
    if (key === 'tier') return hasTier ? [{ header: key, key }] : []
    return [{ header: key, key }]
  })
}

/** Money written as the page shows it: fixed to the unit's decimals ("1.60", not "1.6"). */
const MONEY_KEYS: ReadonlySet<keyof PriceRow> = new Set(MONEY)
const TWO_DECIMAL_KEYS: ReadonlySet<keyof PriceRow> = new Set(TWO_DECIMALS)

/**
 * One column's cell as `csvCell(w[key])` writes it for w = sheetRow(r), money as `fixedDecimal`: the
 * same steps, chosen once per column instead of copying and rounding every row (seconds at 100k rows).
 */
function cellOf(key: keyof PriceRow, decimals: number): (r: PriceRow) => string {
  if (MONEY_KEYS.has(key))
    return (r) => {
      const v = r[key] as number | null | undefined
      if (v === null) return ''
      const w = roundTo(v as number, decimals)
      return typeof w === 'number' ? csvCell(fixedDecimal(w, decimals)) : csvCell(w)
    }
  if (TWO_DECIMAL_KEYS.has(key)) return (r) => csvCell(roundTo(r[key] as number, PERCENT_DECIMALS))
  return (r) => csvCell(r[key] as CsvValue)
}

/**
 * The optimized price sheet: RFC 4180, formula injection neutralized, money in the
 * unit's decimals written in full (cents "1.60" for a currency with cents, whole units, the
 * sample's tokens to two), percents and predicted quantities to two decimals. The exact
 * values stay in the run's JSON (`pricing --json`, the pricing:run call).
 */
export function priceSheetCsv(
  rows: PriceRow[],
  bom: boolean,
  sample = true,
  unit: PriceUnit = TOKENS,
  segmentName: string | null = null
): string {
  return [...priceSheetCsvPieces(rows, bom, sample, unit, segmentName)].join('')
}

/** Lines joined a block at a time: one "×" in a block makes only that block's string two bytes a character. */
const CSV_BLOCK = 1000

/**
 * `priceSheetCsv`'s text in pieces of a thousand lines, for a writer that encodes each as it comes: at 96k
 * items never one 32M-character string (64 MB once a single "×" makes it two bytes a character).
 */
export function* priceSheetCsvPieces(
  rows: readonly PriceRow[],
  bom: boolean,
  sample = true,
  unit: PriceUnit = TOKENS,
  segmentName: string | null = null
): Generator<string, void, void> {
  const columns = sheetColumns(rows, sample, segmentName)
  const decimals = priceDecimals(unit) ?? unit.decimals
  const cells = columns.map((c) => cellOf(c.key, decimals))
  let lines: string[] = [(bom ? UTF8_BOM : '') + csvLine(columns.map((c) => c.header))]
  for (const r of rows) {
    let line = ''
    for (let c = 0; c < cells.length; c++) line += (c ? ',' : '') + cells[c](r)
    lines.push(line + '\r\n')
    if (lines.length === CSV_BLOCK) {
      yield lines.join('')
      lines = []
    }
  }
  if (lines.length) yield lines.join('')
}
