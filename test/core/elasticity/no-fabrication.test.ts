import { describe, expect, it } from 'vitest'
import { refuseFabricatedEstimates } from '../../../src/core/elasticity/no-fabrication'

const ok = {
  segment: 'B1',
  rows: 2983,
  recommended: -3.1,
  recommended_ci_low: -3.4,
  recommended_ci_high: -2.8,
  recommended_from: 'ols'
}

describe('refuseFabricatedEstimates', () => {
  it('refuses the report the issue saw: "rows 0", 0.000 [0, 0] from OLS', () => {
    const seen = {
      ...ok,
      segment: 'B0',
      rows: 0,
      recommended: 0,
      recommended_ci_low: 0,
      recommended_ci_high: 0
    }
    expect(() => refuseFabricatedEstimates([seen, ok], 'brand')).toThrow(
      /brand "B0" has no usable rows \(from ols\)/
    )
  })

  it('refuses an interval of zero width even with rows', () => {
    const flat = { ...ok, recommended: 0, recommended_ci_low: 0, recommended_ci_high: 0 }
    expect(() => refuseFabricatedEstimates([flat], 'brand')).toThrow(
      /brand "B1": the estimate \(from ols\) 0\.000 has an interval of zero width/
    )
  })

  it('refuses a missing or inverted interval, and a non-finite estimate', () => {
    expect(() => refuseFabricatedEstimates([{ ...ok, recommended_ci_low: null }], 'brand')).toThrow(
      /zero width/
    )
    expect(() =>
      refuseFabricatedEstimates([{ ...ok, recommended_ci_low: -2, recommended_ci_high: -3 }], 'brand')
    ).toThrow(/zero width/)
    expect(() => refuseFabricatedEstimates([{ ...ok, recommended: NaN }], 'brand')).toThrow(/not a number/)
  })

  it('passes estimates with rows and an interval, and segments without a recommendation', () => {
    expect(() =>
      refuseFabricatedEstimates([ok, { ...ok, segment: 'B2', rows: 0, recommended: null }], 'brand')
    ).not.toThrow()
  })
})
