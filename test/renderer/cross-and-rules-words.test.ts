import { describe, expect, it } from 'vitest'
import type { CrossCell } from '../../src/shared/elasticity/cross'
import {
  cellValue,
  crossCaption,
  crossInterval,
  crossNoun,
  crossScale,
  crossSegments,
  crossTooltip,
  groupWords,
  noCrossGroupLine,
  pairsWithEvidence
} from '../../src/renderer/src/pages/elasticity/cross-words'
import {
  barStart,
  barWidth,
  leadPoints,
  leadSentence,
  ruleLabel,
  ruleRows,
  sharePct
} from '../../src/renderer/src/pages/pricing/rules-words'

const cell = (on: string, of: string, e: number, lo: number, hi: number, n = 100): CrossCell => ({
  on,
  of,
  elasticity: e,
  ci_low: lo,
  ci_high: hi,
  n,
  se: 0.05,
  raw: e,
  reading: lo > 0 ? 'substitutes' : hi < 0 ? 'complements' : 'no evidence'
})

const cells = [
  cell('Acme', 'Bolt', 0.12, 0.05, 0.19, 1200),
  cell('Acme', 'Store brand', 0.01, -0.06, 0.08),
  cell('Bolt', 'Acme', 0.61, 0.52, 0.7, 1180),
  cell('Store brand', 'Acme', -0.2, -0.31, -0.09, 950)
]

// Issue 24 item 5: the cannibalization card says which brand's quantity moves with which brand's price,
// with the interval, n and reading, in the dataset's words (brand, within each store).
describe('the cannibalization card', () => {
  it('lists the pairs with evidence only, largest effect first', () => {
    expect(pairsWithEvidence(cells).map((c) => `${c.on}<${c.of}`)).toEqual([
      'Bolt<Acme',
      'Store brand<Acme',
      'Acme<Bolt'
    ])
  })

  it('names items, not the segment, for a matrix of items inside each segment', () => {
    expect(crossNoun({ segment_column: 'category', cross_level: 'item' })).toBe('item')
    expect(crossNoun({ segment_column: 'brand', cross_level: 'segment' })).toBe('brand')
    // Runs saved before item-level matrices carry no level: they are segment matrices.
    expect(crossNoun({ segment_column: 'brand' })).toBe('brand')
    expect(crossCaption('item', 'category', cells)).toContain('each item (row)')
    expect(crossCaption('item', 'category', cells)).toContain('within each category')
  })

  it('orders both heatmap axes alike and scales colours symmetrically around 0', () => {
    expect(crossSegments(cells)).toEqual(['Acme', 'Bolt', 'Store brand'])
    expect(cellValue(-0.004)).toBe('0.00')
    expect(cellValue(-0.2)).toBe('-0.20')
    expect(crossScale(cells)).toBe(0.65)
    expect(crossScale([cell('a', 'b', 0, -0.1, 0.1)])).toBe(0.05)
  })

  it("words the matrix in the dataset's columns", () => {
    expect(crossInterval(cells[3])).toBe('-0.20\u00a0[-0.31,\u00a0-0.09]')
    expect(groupWords('store')).toBe('within each store')
    const caption = crossCaption('brand', 'store', cells)
    expect(caption).toContain('each brand (row)')
    expect(caption).toContain('within each store: 3 of 4 pairs with evidence (2 substitutes, 1 complements')
    expect(crossTooltip('brand', cells[0])).toBe(
      'brand Acme, price of Bolt: 0.12\u00a0[0.05,\u00a00.19] (90%)<br/>substitutes; n = 1,200 rows'
    )
    expect(noCrossGroupLine('category')).toMatch(/category × group.*--cross-group/)
  })
})

describe('the optimizer against simple rules', () => {
  const rules = [
    { rule: 'today', true_revenue_share_of_optimum: 0.78 },
    { rule: 'floor', true_revenue_share_of_optimum: 0.9894 },
    { rule: 'ceiling', true_revenue_share_of_optimum: null },
    { rule: 'blend', true_revenue_share_of_optimum: 0.85 }
  ]

  it('shows nothing without a truth or rules (imported data): no invented reference', () => {
    expect(ruleRows(null, rules)).toBeNull()
    expect(ruleRows(0.99, null)).toBeNull()
    expect(ruleRows(0.99, [])).toBeNull()
  })

  it('puts the optimizer first, then the rules best first, with its lead in points', () => {
    const rows = ruleRows(0.9998, rules)
    expect(rows?.map((r) => r.key)).toEqual(['optimizer', 'floor', 'blend', 'today'])
    expect(rows?.[1].behind_points).toBeCloseTo(1.04, 6)
    expect(leadPoints(rows?.[1].behind_points ?? 0)).toBe('+1.04 pt')
    expect(leadPoints(-0.2)).toBe('−0.20 pt')
    expect(leadPoints(0.001)).toBe('0.00 pt')
    expect(sharePct(0.9894)).toBe('98.94%')
    expect(ruleLabel('floor')).toBe('Every price at its floor')
    expect(ruleLabel('today')).toBe("Today's prices")
    expect(leadSentence(rows ?? [])).toBe(
      'The optimizer leads the best simple rule (every price at its floor) by 1.04 pt of the true joint optimum.'
    )
    expect(leadSentence(ruleRows(0.98, rules) ?? [])).toMatch(
      /^Every price at its floor reaches at least as much/
    )
  })

  it('starts the bars below the lowest share so the lead is visible, never beyond the track', () => {
    const rows = ruleRows(0.9998, rules) ?? []
    expect(barStart(rows)).toBe(0.75)
    expect(barWidth(0.75, 0.75)).toBe(0)
    expect(barWidth(1.002, 0.75)).toBe(100)
    expect(barWidth(0.875, 0.75)).toBeCloseTo(50, 9)
  })
})
