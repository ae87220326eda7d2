import { describe, expect, it } from 'vitest'
import type { ElasticityReport } from '../../src/shared/elasticity/results'
import type { ModelKind, Validation } from '../../src/shared/elasticity'
import {
  defaultTrainSettings,
  elasticityStaleness,
  formAsTraining,
  settingsOf,
  trainedWith
} from '../../src/renderer/src/pages/elasticity/train-settings'
import { staleness } from '../../src/renderer/src/components/stale'
import { cutoffProblem, discountProblem } from '../../src/renderer/src/pages/propensity/forms'
import { grouped, mean, pct, seconds } from '../../src/renderer/src/format'

/** The fields of a run the form is compared with (the rest of a report does not matter here). */
function run(over: {
  models?: ModelKind[]
  failed?: ModelKind[]
  seed?: number
  withinItems?: boolean
  validation?: Validation
  asked?: Validation
  controls?: string[]
}): ElasticityReport {
  const r = {
    models: (over.models ?? ['ols', 'gam', 'poly2', 'poly3', 'rf', 'gbm']).map((name) => ({ name })),
    failed: (over.failed ?? []).map((name) => ({ name, error: 'x' })),
    plan: {
      seed: over.seed ?? 42,
      folds: 3,
      testShare: 0.2,
      withinItems: over.withinItems ?? true,
      validation: over.asked
    },
    validation: over.validation ?? 'time',
    controls: over.controls ?? ['brand', 'promo']
  }
  return r as unknown as ElasticityReport
}
const fresh = (f: ReturnType<typeof defaultTrainSettings>, r: ElasticityReport) =>
  staleness(trainedWith(r), formAsTraining(f, r))

describe('Elasticity: results computed with other settings are stale (issue 16)', () => {
  it('the default form matches a default run; each changed setting is named in the form terms', () => {
    const r = run({})
    const f = defaultTrainSettings()
    expect(fresh(f, r)).toBe('fresh')
    expect(elasticityStaleness(f, r)).toEqual([])
    expect(elasticityStaleness({ ...f, seed: 7 }, r)).toEqual(['Seed: 42 → 7'])
    expect(fresh({ ...f, seed: 7 }, r)).toBe('settings')
    expect(elasticityStaleness({ ...f, models: ['ols', 'rf'] }, r)[0]).toMatch(
      /^Models: .*Log-log OLS.* → Log-log OLS, Random forest$/
    )
    expect(elasticityStaleness({ ...f, withinItems: false }, r)).toEqual(['Debias within items: on → off'])
    expect(elasticityStaleness({ ...f, validation: 'items' }, r)).toEqual([
      'Validate on: Last periods of every item → New items (held-out items)'
    ])
    expect(elasticityStaleness({ ...f, features: ['brand'] }, r)).toEqual(['Features: brand, promo → brand'])
  })

  it('a failed model still counts as asked for; a run is described by the validation it ran with', () => {
    expect(
      fresh(defaultTrainSettings(), run({ models: ['ols', 'gam', 'poly2', 'poly3', 'rf'], failed: ['gbm'] }))
    ).toBe('fresh')
    expect(fresh({ ...defaultTrainSettings(), validation: 'items' }, run({ validation: 'time' }))).toBe(
      'settings'
    )
  })

  // The form read "Last weeks of every item" for a run validated on held-out items by default (issue 28).
  it('a run validated by default on held-out items or rows shows that validation on the form', () => {
    expect(settingsOf(run({ validation: 'items' }), ['brand', 'promo']).validation).toBe('items')
    expect(settingsOf(run({ validation: 'rows' }), ['brand', 'promo']).validation).toBe('rows')
    expect(fresh(settingsOf(run({ validation: 'rows' }), []), run({ validation: 'rows' }))).toBe('fresh')
  })

  it('a shown run sets the form to its own settings, so it is fresh until the analyst changes something', () => {
    const r = run({
      models: ['poly2'],
      seed: 9,
      withinItems: false,
      asked: 'items',
      validation: 'items',
      controls: ['promo']
    })
    const f = settingsOf(r, ['brand', 'promo'])
    expect(f).toEqual({
      models: ['poly2'],
      seed: 9,
      withinItems: false,
      validation: 'items',
      features: ['promo']
    })
    expect(fresh(f, r)).toBe('fresh')
    // Every feature of the dataset reads as the default.
    expect(settingsOf(run({}), ['promo', 'brand']).features).toBeNull()
  })
})

describe('Propensity fields in their own terms (issue 16)', () => {
  it('the cutoff is a real YYYY-MM-DD date or empty', () => {
    expect(cutoffProblem('')).toBeNull()
    expect(cutoffProblem('2024-02-29')).toBeNull()
    expect(cutoffProblem('2023-02-29')).toMatch(
      /^Cutoff must be a date written YYYY-MM-DD \(got "2023-02-29"\)/
    )
    expect(cutoffProblem('last week')).toMatch(/Cutoff must be a date/)
  })
  it("a segment's discount is a percentage from 0 to 100", () => {
    expect(discountProblem('Hot', '15')).toBeNull()
    expect(discountProblem('Hot', '150')).toBe(
      'Discount for Hot: enter a percentage from 0 to 100 (got "150")'
    )
    expect(discountProblem('Warm', '')).toMatch(/Discount for Warm/)
  })
})

describe('number formats', () => {
  it('thousands separators and fixed decimals', () => {
    expect(grouped(71393.456, 2)).toBe('71,393.46')
    expect(grouped(72151, 0)).toBe('72,151')
    expect(seconds(1234567)).toBe('1,234.6 s')
    expect(pct(0.1234)).toBe('12.34%')
    expect(pct(0.1234, 1)).toBe('12.3%')
    expect(grouped(Number.NaN)).toBe('—')
    expect(pct(null)).toBe('—')
  })

  it('a balance table mean to about four significant figures, whatever its scale', () => {
    expect([752.836, 12.3456, 0.12345, -1234.56].map(mean)).toEqual(['752.8', '12.35', '0.123', '-1,234.6'])
    expect(mean(null)).toBe('—')
  })
})
