import { describe, expect, it } from 'vitest'
import { planWarnings } from '../../src/renderer/src/pages/experiments/plan-warnings'

type Power = Parameters<typeof planWarnings>[0]['power']
const power = (enough: boolean | null, message: string) => ({ enough, message }) as unknown as Power

describe('the A/B plan says each warning once', () => {
  it('drops the too-few-units warning that the power line already carries, keeps the others', () => {
    const message = 'needs 1,200 units, 400 available'
    const warnings = [`too few units for the MDE asked: ${message}`, 'covariate imbalance: price |SMD| 0.12']
    expect(planWarnings({ warnings, power: power(false, message) })).toEqual([
      'covariate imbalance: price |SMD| 0.12'
    ])
    // Enough units: nothing is said twice, every warning stays.
    expect(planWarnings({ warnings, power: power(true, '') })).toEqual(warnings)
  })
})
