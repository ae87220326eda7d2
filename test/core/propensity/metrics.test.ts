import { describe, expect, it } from 'vitest'
import {
  atThreshold,
  auc,
  brier,
  calibration,
  liftTable,
  prAuc,
  precisionAtTop,
  profitCurve
} from '../../../src/core/propensity/metrics'
import { bandOf, segmentSummary } from '../../../src/core/propensity/segments'

describe('classification metrics', () => {
  it('AUC matches a hand count of ordered pairs, ties counting half', () => {
    const s = [0.9, 0.8, 0.7, 0.6, 0.6, 0.2]
    const y = [1, 0, 1, 1, 0, 0]
    // Pairs (pos, neg): 3 × 3 = 9. Pos 0.9 beats all 3 negatives; 0.7 beats 0.6 and 0.2 (2); 0.6 ties 0.6 (½) and beats 0.2 (1).
    expect(auc(s, y)).toBeCloseTo((3 + 2 + 1.5) / 9, 12)
    expect(auc([0.1, 0.9], [0, 1])).toBe(1)
    expect(auc([0.9, 0.1], [0, 1])).toBe(0)
    expect(auc([0.5, 0.5], [1, 1])).toBeNaN()
  })

  it('average precision, Brier score and threshold counts by hand', () => {
    const s = [0.9, 0.8, 0.3, 0.1]
    const y = [1, 0, 1, 0]
    expect(prAuc(s, y)).toBeCloseTo((1 / 1 + 2 / 3) / 2, 12)
    expect(brier(s, y)).toBeCloseTo((0.01 + 0.64 + 0.49 + 0.01) / 4, 12)
    expect(atThreshold(s, y, 0.5)).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5, flagged: 2 })
    expect(precisionAtTop(s, y, 0.25)).toBe(1)
  })

  it('calibration bins average scores and outcomes per tenth', () => {
    const bins = calibration([0.05, 0.05, 0.95, 0.91], [0, 1, 1, 1])
    expect(bins.map((b) => [b.bin, b.count, b.observed])).toEqual([
      [0, 2, 0.5],
      [9, 2, 1]
    ])
    expect(bins[1].mean_score).toBeCloseTo(0.93, 12)
  })

  it('lift: the top decile of a perfect ranking captures its share of positives', () => {
    const s = Array.from({ length: 100 }, (_, i) => 1 - i / 100)
    const y = s.map((_, i) => (i < 10 ? 1 : 0))
    const t = liftTable(s, y)
    expect(t[0]).toMatchObject({ decile: 1, rate: 1, lift: 10, cumulative_gain: 1 })
    expect(t[9].cumulative_gain).toBe(1)
  })

  it('segments by score bands with exact boundaries', () => {
    expect([0.7, 0.6999, 0.5, 0.3, 0.2999, 0].map((s) => bandOf(s))).toEqual([
      'Hot',
      'Warm',
      'Warm',
      'Cold',
      'Dormant',
      'Dormant'
    ])
    expect(segmentSummary([0.9, 0.8, 0.1]).map((s) => [s.segment, s.learners])).toEqual([
      ['Hot', 2],
      ['Warm', 0],
      ['Cold', 0],
      ['Dormant', 1]
    ])
    expect(
      bandOf(0.55, [
        { name: 'High', min: 0.6 },
        { name: 'Low', min: 0 }
      ])
    ).toBe('Low')
  })
})

describe('offer threshold', () => {
  it('maximizes retained value minus offer cost, counted by hand', () => {
    const s = [0.9, 0.8, 0.6, 0.4, 0.2]
    const y = [1, 1, 0, 1, 0]
    const { best, curve } = profitCurve(s, y, 10, 25)
    // t ≤ 0.2: 5 offers, 3 hits → 75 − 50 = 25; (0.2, 0.4]: 4 offers, 3 hits → 35 (the best);
    // (0.4, 0.6]: 3 offers, 2 hits → 20; (0.6, 0.8]: 2 offers, 2 hits → 30; (0.8, 0.9]: 15.
    expect(curve.find((p) => p.threshold === 0.2)?.profit).toBe(25)
    expect(curve.find((p) => p.threshold === 0.7)?.profit).toBe(30)
    expect(best).toMatchObject({ flagged: 4, profit: 35 })
    expect(best.threshold).toBeGreaterThan(0.2)
    expect(best.threshold).toBeLessThanOrEqual(0.4)
    // Offers that cost more than they can return: flag nobody.
    expect(profitCurve(s, y, 100, 25).best.flagged).toBe(0)
  })
})
