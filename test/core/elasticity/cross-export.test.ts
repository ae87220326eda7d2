import { describe, expect, it } from 'vitest'
import { elasticityCsv } from '../../../src/core/elasticity/export'
import type { ElasticityReport } from '../../../src/core/elasticity/report'

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
    expect(lines[0]).toBe('cross_group,on,of,elasticity,ci_low,ci_high,reading,n,unshrunk')
    expect(lines[1]).toBe('store,Orchard Gold,Sunvale Premium,0.49,0.46,0.52,substitutes,8320,0.491')
    const none = elasticityCsv(
      { cross_group: null, cross: [], cross_own: [] } as unknown as ElasticityReport,
      'cross',
      false
    )
    expect(none.rows).toBe(0)
  })
})
