import { describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { priceWorkbook } from '../../../src/core/pricing/workbook/build'
import type { CrossTerm, WorkbookInput, WorkbookItem } from '../../../src/core/pricing/workbook/input'
import { WHAT_IF } from '../../../src/core/pricing/workbook/what-if'
import { writeZip } from '../../../src/backend/zip-writer'
import { currency } from '../../../src/core/pricing/units'
import { recalculatedSheets, sofficePath, xlsxEntries as unzip } from '../../libreoffice'

const soffice = sofficePath()
if (!soffice) console.log('SKIP workbook recalculation tests: LibreOffice (soffice) is not installed')

function item(i: number, name: string, cost: number | null = 1): WorkbookItem {
  const p0 = 2 + i * 0.37
  const q0 = 100 + 13 * i
  return {
    id: `it${i}`,
    name,
    segment: i % 2 ? 'Juice' : 'Soda',
    tier: null,
    current_price: p0,
    recommended_price: p0 * 1.05,
    quantity_before: q0,
    quantity_after: q0 * 1.05 ** -(1.2 + 0.1 * i),
    revenue_before: p0 * q0,
    revenue_after: 0,
    margin_before: null,
    margin_after: null,
    elasticity: -(1.2 + 0.1 * i),
    elasticity_low: -(1.5 + 0.1 * i),
    elasticity_high: -(0.9 + 0.1 * i),
    cost,
    binding: null,
    reasoning: 'hand-built',
    out_of_range: false
  }
}

function input(items: WorkbookItem[], cross: CrossTerm[] = [], yourPrices?: number[]): WorkbookInput {
  return {
    dataset: 'hand',
    unit: currency(2),
    quantityName: 'Quantity',
    segmentName: 'brand',
    items,
    causal: true,
    whatIfRefusal: null,
    cross,
    yourPrices,
    assumptions: [['Dataset', 'hand']],
    segments: [],
    impact: [{ segment: 'Soda', items: 2, revenue_before: 10, revenue_after: 11, avg_price_change_pct: 5 }],
    scenarios: []
  }
}

/** The app's forecast of the What-if formula: q₀ (p/p₀)^ε × Π (p_j/p₀_j)^ε_ij. */
function expected(items: WorkbookItem[], prices: number[], cross: CrossTerm[]): number[] {
  return items.map((it, i) => {
    let q = it.quantity_before * (prices[i] / it.current_price) ** (it.elasticity as number)
    for (const c of cross) if (c.on === i) q *= (prices[c.of] / items[c.of].current_price) ** c.elasticity
    return q
  })
}

function writeBook(inp: WorkbookInput): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pricelab-wb-')), 'book.xlsx')
  writeZip(path, priceWorkbook(inp))
  return path
}

describe('the price workbook', () => {
  it('writes names that look like formulas as text, numbers as numbers, and no cached formula values', () => {
    const items = [item(0, '=1+1'), item(1, '+SUM(A1)'), item(2, '-2'), item(3, '@cmd'), item(4, 'a_x0041_b')]
    const parts = unzip(writeBook(input(items)))
    const sheet = parts.get('xl/worksheets/sheet1.xml') as string
    expect(sheet).toContain('<t xml:space="preserve">=1+1</t>')
    expect(sheet).toContain('<t xml:space="preserve">@cmd</t>')
    expect(sheet).toContain('a_x005F_x0041_b')
    // Today's price of item 0 is a number cell, written locale-free.
    expect(sheet).toMatch(/<c r="E2" s="\d+"><v>2<\/v><\/c>/)
    const whatIf = parts.get('xl/worksheets/sheet2.xml') as string
    expect(whatIf).toContain('<f>I7*POWER(F7/D7,H7)</f>')
    expect(whatIf).not.toMatch(/<\/f><v>/)
    expect(parts.get('xl/workbook.xml')).toContain('fullCalcOnLoad="1"')
    expect(parts.get('xl/charts/chart1.xml')).toContain("'Segments'!$E$2:$E$2")
  })

  it.skipIf(!soffice)(
    'recalculates in LibreOffice to the app forecast, with a hand-built cross-price matrix and edited prices',
    () => {
      const items = [0, 1, 2, 3].map((i) =>
        item(i, i === 0 ? '=HYPERLINK("x")' : `Item ${i}`, i === 3 ? 0.5 : 1)
      )
      // Within group "store 1": items 0 and 1 substitute each other; item 2 responds to item 0.
      const cross: CrossTerm[] = [
        { on: 0, of: 1, elasticity: 0.3, group: 'store 1' },
        { on: 1, of: 0, elasticity: 0.25, group: 'store 1' },
        { on: 2, of: 0, elasticity: 0.1, group: 'store 1' }
      ]
      const prices = [2.1, 2.2, 3.0, 3.2]
      const sheets = recalculatedSheets(soffice as string, writeBook(input(items, cross, prices)))
      const w = sheets.get('What-if') as string[][]
      const q = expected(items, prices, cross)
      const C = WHAT_IF.col
      items.forEach((it, i) => {
        const row = w[WHAT_IF.firstItem - 1 + i]
        expect(row[C.name]).toBe(it.name)
        expect(Number(row[C.quantity])).toBeCloseTo(q[i], 6)
        expect(Number(row[C.revenue])).toBeCloseTo(q[i] * prices[i], 6)
        expect(Number(row[C.margin])).toBeCloseTo(q[i] * (prices[i] - (it.cost as number)), 6)
      })
      const total = (r: number, c: number) => Number(w[r - 1][c])
      const qSum = q.reduce((a, b) => a + b, 0)
      expect(total(WHAT_IF.totals.quantity, 2)).toBeCloseTo(qSum, 6)
      expect(total(WHAT_IF.totals.revenue, 2)).toBeCloseTo(
        q.reduce((a, x, i) => a + x * prices[i], 0),
        6
      )
      // Without the cross terms the quantities differ: the matrix is really in the formulas.
      const own = expected(items, prices, [])
      expect(Math.abs(Number(w[WHAT_IF.firstItem - 1][C.quantity]) - own[0])).toBeGreaterThan(1)
    }
  )
})
