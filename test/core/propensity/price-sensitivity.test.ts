import { describe, expect, it } from 'vitest'
import { newDb } from '../../helpers'
import { generateSampleData } from '../../../src/core/data/sample/generate'
import { priceSensitivity, rankCorrelation } from '../../../src/core/propensity/price-sensitivity'
import { riskSensitivityMatrix } from '../../../src/core/propensity/segments'

describe('price sensitivity from revealed behaviour', () => {
  it('ranks learners in line with the sample generator’s latent sensitivity', () => {
    const db = newDb()
    generateSampleData(db, { seed: 8, scale: 0.4 })
    const s = priceSensitivity(db)
    expect(s.score.every((x) => x >= 0 && x <= 1)).toBe(true)
    expect(s.scored).toBeGreaterThan(1000)
    expect(s.spearman_with_truth).toBeGreaterThan(0.15)
    // Learners who never bought get the neutral score.
    const buyers = new Set(
      db
        .prepare<{ learner_id: number }>('SELECT DISTINCT learner_id FROM enrollments')
        .all()
        .map((r) => r.learner_id)
    )
    const neutral = Array.from(s.learnerIds).filter((id, i) => !buyers.has(id) && s.score[i] === 0.5).length
    expect(neutral).toBe(s.learnerIds.length - buyers.size)
  })

  it('rank correlation: +1, −1 and invariance to monotone transforms', () => {
    expect(rankCorrelation([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12)
    expect(rankCorrelation([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12)
    expect(rankCorrelation([1, 2, 3, 4], [1, 8, 27, 64])).toBeCloseTo(1, 12)
  })

  it('the churn × sensitivity matrix counts every learner scored on both once', () => {
    const churn = new Map([
      [1, 0.9],
      [2, 0.1],
      [3, 0.6]
    ])
    const sens = new Map([
      [1, 0.8],
      [2, 0.2],
      [4, 0.9]
    ])
    const m = riskSensitivityMatrix(churn, sens)
    // Churn-risk words, not the enrollment bands' Hot/Warm/Cold/Dormant (issue 16).
    expect(m.rows).toEqual([
      'High risk (≥ 0.7)',
      'Elevated risk (≥ 0.5)',
      'Some risk (≥ 0.3)',
      'Low risk (< 0.3)'
    ])
    expect(m.rows.join(' ')).not.toMatch(/Hot|Warm|Cold|Dormant/)
    expect(m.columns).toEqual(['High', 'Medium', 'Low'])
    expect(m.counts[0][0]).toBe(1)
    expect(m.counts[3][2]).toBe(1)
    expect(m.counts.flat().reduce((a, b) => a + b, 0)).toBe(2)
  })
  it('the matrix rows follow edited thresholds and keep churn-risk words', () => {
    const bands = [
      { name: 'Hot', min: 0.6 },
      { name: 'Warm', min: 0.4 },
      { name: 'Cold', min: 0.2 },
      { name: 'Dormant', min: 0 }
    ]
    const m = riskSensitivityMatrix(
      new Map([
        [1, 0.65],
        [2, 0.1]
      ]),
      new Map([
        [1, 0.8],
        [2, 0.1]
      ]),
      bands
    )
    expect(m.rows).toEqual([
      'High risk (≥ 0.6)',
      'Elevated risk (≥ 0.4)',
      'Some risk (≥ 0.2)',
      'Low risk (< 0.2)'
    ])
    expect(m.counts[0][0]).toBe(1)
    expect(m.counts[3][2]).toBe(1)
  })
})
