/**
 * The price sheet CSV as it was written before 2026-12-06 (a copy of the row-by-row copy-and-round code),
 * kept to check that the column-by-column writer gives the same bytes.
 */
import { csvDocument, fixedDecimal } from '../../../src/core/data/csv/writer'
import type { PriceRow, PriceUnit } from '../../../src/shared/pricing'
import { TOKENS } from '../../../src/core/pricing/units'
import { priceDecimals } from '../../../src/shared/format/numbers'
import { sheetColumns, sheetRow } from '../../../src/core/pricing/price-sheet'

const MONEY_KEYS: ReadonlySet<keyof PriceRow> = new Set([
  'current_price',
  'recommended_price',
  'strategy_price',
  'observed_min',
  'observed_max',
  'revenue_before',
  'revenue_after',
  'margin_before',
  'margin_after'
])

export function referencePriceSheetCsv(
  rows: PriceRow[],
  bom: boolean,
  sample = true,
  unit: PriceUnit = TOKENS,
  segmentName: string | null = null
): string {
  const columns = sheetColumns(rows, sample, segmentName)
  const decimals = priceDecimals(unit) ?? unit.decimals
  return csvDocument(
    columns.map((c) => c.header),
    rows.map((r) => {
      const w = sheetRow(r, unit)
      return columns.map(({ key }) => {
        const v = w[key]
        return MONEY_KEYS.has(key) && typeof v === 'number' ? fixedDecimal(v, decimals) : v
      })
    }),
    bom
  )
}
