import { describe, expect, it } from 'vitest'
import { priceSheetCsv, priceSheetCsvPieces } from '../../../src/core/pricing/price-sheet'
import type { PriceRow, PriceUnit } from '../../../src/shared/pricing'
import { TOKENS } from '../../../src/core/pricing/units'
import { Rng } from '../../../src/core/util/rng'
import { referencePriceSheetCsv } from './price-sheet-reference'

/** A number of any sign and scale, or a value a sheet may hold where a number is missing or odd. */
function num(rng: Rng): number {
  const r = rng.uniform(0, 1)
  if (r < 0.03) return NaN
  if (r < 0.05) return -0
  if (r < 0.07) return Infinity
  if (r < 0.1) return Math.round(rng.uniform(-100, 100) * 1000) / 1000 + 0.0005
  return (rng.uniform(-1, 1) * 10 ** Math.floor(rng.uniform(-3, 7))) as number
}
const TEXTS = [
  'Alder',
  'a, comma',
  'a "quote"',
  '=SUM(A1)',
  '+1',
  '-x',
  '@x',
  "'=x",
  'line\nbreak',
  'ε −1.20 → ×',
  ''
]
const text = (rng: Rng) => TEXTS[Math.floor(rng.uniform(0, TEXTS.length))]

function row(rng: Rng, i: number): PriceRow {
  const maybe = (x: number) => (rng.uniform(0, 1) < 0.2 ? null : x)
  return {
    item_id: `${i}`,
    name: text(rng),
    category: text(rng),
    tier: rng.uniform(0, 1) < 0.5 ? null : text(rng),
    current_price: num(rng),
    recommended_price: num(rng),
    change_pct: num(rng),
    quantity_before: num(rng),
    quantity_after: num(rng),
    enrollments_before: num(rng),
    enrollments_after: num(rng),
    revenue_before: num(rng),
    revenue_after: num(rng),
    margin_before: maybe(num(rng)),
    margin_after: maybe(num(rng)),
    strategy_price: num(rng),
    reasoning: text(rng),
    binding_guardrail: rng.uniform(0, 1) < 0.5 ? null : 'max_decrease',
    out_of_observed_range: rng.uniform(0, 1) < 0.5,
    observed_min: num(rng),
    observed_max: num(rng),
    price_unit: 'currency with 2 decimals'
  } as PriceRow
}

const UNITS: PriceUnit[] = [
  TOKENS,
  { kind: 'currency', decimals: 2, label: 'currency', short: '' },
  { kind: 'currency', decimals: 2, label: 'currency', short: '', grid: { step: 0.05, offset: 0 } },
  { kind: 'currency', decimals: 3, label: 'currency', short: '' }
] as PriceUnit[]

describe('the price sheet CSV, written column by column', () => {
  it('is byte for byte the sheet the row-by-row writer made', () => {
    for (const seed of [1, 2, 3]) {
      const rng = new Rng(seed)
      const rows = Array.from({ length: 400 }, (_, i) => row(rng, i))
      for (const unit of UNITS)
        for (const bom of [false, true])
          for (const [sample, segment] of [
            [true, null],
            [false, 'brand'],
            [false, 'all'],
            [false, null]
          ] as const)
            expect(priceSheetCsv(rows, bom, sample, unit, segment)).toBe(
              referencePriceSheetCsv(rows, bom, sample, unit, segment)
            )
      // Without tiers the neutral sheet has no tier column.
      const untiered = rows.map((r) => ({ ...r, tier: null }))
      expect(priceSheetCsv(untiered, false, false, UNITS[1], 'brand')).toBe(
        referencePriceSheetCsv(untiered, false, false, UNITS[1], 'brand')
      )
    }
  })

  it('comes in blocks of a thousand lines that join into the same sheet (at 0, 999, 1,000, 1,001, 2,500 rows)', () => {
    const rng = new Rng(4)
    const all = Array.from({ length: 2500 }, (_, i) => row(rng, i))
    for (const n of [0, 999, 1000, 1001, 2500]) {
      const rows = all.slice(0, n)
      const pieces = [...priceSheetCsvPieces(rows, true, false, UNITS[1], 'brand')]
      // The header rides with the first block; a last partial block is its own piece.
      expect(pieces.length).toBe(Math.max(1, Math.ceil((n + 1) / 1000)))
      expect(pieces.join('')).toBe(referencePriceSheetCsv(rows, true, false, UNITS[1], 'brand'))
    }
  })
})
