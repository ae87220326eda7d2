// Issue 28: "mean of 3 brand values" was an unweighted mean with no pricing meaning. The headline is the
// revenue-weighted mean (the portfolio's response to a uniform 1% price change), with an interval and a definition.
import { describe, expect, it } from 'vitest'
import { elasticityHeadline } from '../../src/shared/elasticity/headline'

const seg = (segment: string, revenue: number, e: number, half: number) => ({
  segment,
  revenue,
  recommended: e,
  recommended_ci_low: e - half,
  recommended_ci_high: e + half
})

describe('the elasticity headline', () => {
  it('weights the brands by revenue, not one vote each', () => {
    const h = elasticityHeadline(
      [seg('A', 1000, -2, 0.2), seg('B', 100, -1, 0.2), seg('C', 10, -3, 0.2)],
      'brand'
    )
    expect(h).not.toBeNull()
    const want = (1000 * -2 + 100 * -1 + 10 * -3) / 1110
    expect(h!.elasticity).toBeCloseTo(want, 12)
    expect(h!.elasticity).not.toBeCloseTo(-2, 3)
    expect(h!.weighting).toBe('revenue')
    expect(h!.definition).toMatch(/^revenue-weighted mean of 3 brand elasticities/)
    // Its interval: contains the point, narrower than the widest brand's (independent estimates averaged) and
    // at least as wide as the largest brand's weighted share of it.
    expect(h!.ci_low).toBeLessThan(h!.elasticity)
    expect(h!.ci_high).toBeGreaterThan(h!.elasticity)
    const half = (h!.ci_high - h!.ci_low) / 2
    expect(half).toBeLessThan(0.2)
    expect(half).toBeGreaterThanOrEqual((1000 / 1110) * 0.2 - 1e-12)
  })

  it('says so when one segment carries it, and shows nothing rather than an unweighted mean without revenues', () => {
    expect(elasticityHeadline([seg('all', 5, -1.5, 0.1)], 'segment')!.weighting).toBe('single')
    const old = [seg('A', 1, -2, 0.2), seg('B', 1, -1, 0.2)].map(({ revenue: _r, ...s }) => s)
    expect(elasticityHeadline(old, 'brand')).toBeNull()
    expect(elasticityHeadline([], 'brand')).toBeNull()
  })
})
