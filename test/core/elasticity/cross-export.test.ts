import { describe, expect, it } from 'vitest'
import { elasticityCsv } from '../../../src/core/elasticity/export'
import type { ElasticityReport } from '../../../src/shared/elasticity/results'

describe('elasticity CSV export: the cross-price matrix', () => {
  it('one row per cell with its interval, reading and n; a run without a group exports a header only', () => {
    const cell = {
      on: 'Orchard Gold',
      of: 'Sunvale Premium',
      elasticity: 0.49,
      ci_low: 0.46,
      ci_high: 0.52,
      n: 8320,
      se: 0.018,
      raw: 0.491,
      reading: 'substitutes' as const
    }
    const r = { cross_group: 'store', cross: [cell], cross_own: [] } as unknown as ElasticityReport
    const { csv, rows } = elasticityCsv(r, 'cross', false)
    expect(rows).toBe(1)
    const lines = csv.trim().split(/\r?\n/)
    expect(lines[0]).toBe('cross_group,on,of,elasticity,ci_low,ci_high,reading,n,unshrunk,level,within')
    // The page's two decimals, never a 17-digit float; a run saved before item-level matrices is a segment one.
    expect(lines[1]).toBe('store,Orchard Gold,Sunvale Premium,0.49,0.46,0.52,substitutes,8320,0.49,segment,')
    const none = elasticityCsv(
      { cross_group: null, cross: [], cross_own: [] } as unknown as ElasticityReport,
      'cross',
      false
    )
    expect(none.rows).toBe(0)
  })

  it('an item-level matrix says so and names the segment each pair of items competes in', () => {
    const cell = {
      on: 'PRO-101',
      of: 'PRO-102',
      within: 'Programming',
      elasticity: 0.31234567890123,
      ci_low: 0.2,
      ci_high: 0.42,
      n: 150,
      se: 0.06,
      raw: 0.33,
      reading: 'substitutes' as const
    }
    const r = {
      cross_group: 'category',
      cross_level: 'item',
      cross: [cell],
      cross_own: []
    } as unknown as ElasticityReport
    const lines = elasticityCsv(r, 'cross', false).csv.trim().split(/\r?\n/)
    expect(lines[1]).toBe('category,PRO-101,PRO-102,0.31,0.20,0.42,substitutes,150,0.33,item,Programming')
  })
})

describe('study report: the cross-price section', () => {
  it('lists the pairs with evidence, strongest first, and counts the rest; none without a matrix', async () => {
    const { crossHtml } = await import('../../../src/core/report/cross-section')
    const base = { on: 'A', of: 'B', se: 0.02, raw: 0.3, n: 100 }
    const html = crossHtml({
      segment_column: 'brand',
      cross_group: 'store',
      cross: [
        { ...base, elasticity: 0.3, ci_low: 0.27, ci_high: 0.33, reading: 'substitutes' },
        { ...base, on: 'C', elasticity: 0.5, ci_low: 0.47, ci_high: 0.53, reading: 'substitutes' },
        { ...base, on: 'D', elasticity: 0.01, ci_low: -0.03, ci_high: 0.05, reading: 'no evidence' }
      ]
    }) as string
    expect(html).toMatch(/Cannibalization: cross-price effects within store/)
    expect(html.indexOf('<td>C</td>')).toBeLessThan(html.indexOf('<td>A</td>'))
    expect(html).toMatch(/1 of 3 pairs: no evidence/)
    expect(crossHtml({ segment_column: 'category', cross_group: null, cross: [] })).toBeNull()
  })
})
