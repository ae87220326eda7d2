import { csvRecords } from '../data/csv/writer'
import type { PriceRow } from './recommend'
import { TOKENS, type PriceUnit } from './units'

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

const roundTo = (x: number, d: number) => {
  const f = 10 ** d
  // An integer over a power of ten is the double nearest that decimal: it prints as it (2.6, not 2.6000000000000001).
  return Number.isFinite(x) ? Math.round(x * f) / f : x
}

/** One row as the sheet writes it: money to the unit's decimals, percents and quantities to two. */
export function sheetRow(r: PriceRow, unit: PriceUnit): PriceRow {
  const out = { ...r }
  for (const k of MONEY) {
    const v = r[k]
    if (v !== null) out[k] = roundTo(v, unit.decimals)
  }
  for (const k of TWO_DECIMALS) out[k] = roundTo(r[k], PERCENT_DECIMALS)
  return out
}

/**
 * The optimized price sheet: RFC 4180, formula injection neutralized, money in the
 * unit's decimals (cents for a currency with cents, whole units, the sample's
 * tokens to two), percents and predicted quantities to two decimals. The exact
 * values stay in the run's JSON (`pricing --json`, the pricing:run call).
 */
export function priceSheetCsv(
  rows: PriceRow[],
  bom: boolean,
  sample = true,
  unit: PriceUnit = TOKENS
): string {
  return csvRecords(
    sample ? PRICE_SHEET_COLUMNS : NEUTRAL_SHEET_COLUMNS,
    rows.map((r) => sheetRow(r, unit)),
    bom
  )
}
