import { csvRecords } from '../data/csv/writer'
import type { PriceRow } from './recommend'

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

/**
 * The optimized price sheet: RFC 4180, formula injection neutralized, numbers in
 * their shortest round-trip form (they import back to the same doubles).
 */
export function priceSheetCsv(rows: PriceRow[], bom: boolean, sample = true): string {
  return csvRecords(sample ? PRICE_SHEET_COLUMNS : NEUTRAL_SHEET_COLUMNS, rows, bom)
}
