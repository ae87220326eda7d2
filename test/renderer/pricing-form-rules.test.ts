import { describe, expect, it } from 'vitest'
import {
  pricingRules,
  GUARDRAIL_FIELDS,
  SCENARIO_RULES
} from '../../src/renderer/src/pages/pricing/settings-rules'
import { DESIGN_RULES } from '../../src/renderer/src/pages/experiments/design-rules'
import { checkNumber, showNumber, type NumberRule } from '../../src/renderer/src/components/number-rules'
import { segmentWord } from '../../src/renderer/src/pages/pricing/wording'
import { replaceQuestion } from '../../src/renderer/src/pages/pricing/scenario-replace'
import {
  experimentDesignSchema,
  guardrailsSchema,
  pricingSettingsSchema,
  scenarioSchema
} from '../../src/shared/api'
import { boundsOf } from '../../src/shared/bounds'

const rules = pricingRules({ segment: 'brand', priceUnit: '', quantity: 'quantity' })
/** The schema that checks each form field on the server. */
const schemaOf = (k: keyof typeof rules) =>
  k === 'cost_share' || k === 'min_volume_share'
    ? pricingSettingsSchema.shape[k]
    : k === 'min_gap'
      ? guardrailsSchema.shape.ladder.unwrap().shape.min_gap
      : guardrailsSchema.shape[k]

describe('pricing form bounds are the API schema bounds, in the user terms', () => {
  for (const key of Object.keys(rules) as (keyof typeof rules)[]) {
    it(`${key}: the form accepts exactly what the server accepts at the edges`, () =>
      agreesAtEdges(rules[key], schemaOf(key)))
  }
  it('names the segment and the percent in the message (150 % max decrease)', () => {
    expect(checkNumber('150', rules.max_decrease).message).toBe('Max decrease must be between 0 % and 99 %')
    expect(rules.competitor_band.label).toBe('Band around competitor / brand avg')
    expect(rules.category_avg_change.label).toBe('Brand avg change')
    expect(GUARDRAIL_FIELDS.every((k) => !/category/i.test(rules[k].label))).toBe(true)
  })
  it('gives every guardrail field its own label (the percent and the absolute band were both "Band around…")', () => {
    for (const r of [
      rules,
      pricingRules({ segment: 'category', priceUnit: 'tokens', quantity: 'enrollments' })
    ]) {
      const labels = GUARDRAIL_FIELDS.map((k) => r[k].label)
      expect(new Set(labels).size).toBe(labels.length)
    }
    expect(rules.competitor_band_abs.label).toBe('Band around competitor / brand avg, absolute')
  })
  it('says category only for the EdTech sample', () => {
    expect(segmentWord('category', true)).toBe('category')
    expect(segmentWord('brand', false)).toBe('brand')
    expect(segmentWord('Store_Region', false)).toBe('store region')
    expect(segmentWord(null, false)).toBe('segment')
  })
})

describe('saving a scenario under a taken name', () => {
  const all = [
    { name: 'Programming +10%' },
    { name: 'Brand A +5%', dataset: 'table:retail' },
    { name: 'Promo', dataset: 'table:other' }
  ]
  it('asks before replacing, naming the scenario; a free name needs no question', () => {
    expect(replaceQuestion('Brand A +5%', all, 'table:retail', 'sample:x')).toMatch(
      /^Replace scenario “Brand A \+5%”\?/
    )
    expect(replaceQuestion(' Brand A +5% ', all, 'table:retail', 'sample:x')).not.toBeNull()
    expect(replaceQuestion('Brand A +6%', all, 'table:retail', 'sample:x')).toBeNull()
  })
  it('names the other dataset when the name is taken there (it is not listed on this page)', () => {
    expect(replaceQuestion('Promo', all, 'table:retail', 'sample:x')).toContain('dataset table:other')
    expect(replaceQuestion('Programming +10%', all, 'table:retail', 'sample:x')).toContain('sample:x')
  })
})

/** Each rule's edges: the form and the server schema agree just inside, on, and just outside each bound. */
function agreesAtEdges(rule: NumberRule, schema: { safeParse: (v: unknown) => { success: boolean } }) {
  const scale = rule.scale ?? 1
  const edges = [rule.min, rule.max].filter((x): x is number => x !== undefined)
  expect(edges.length).toBeGreaterThan(0)
  for (const edge of edges)
    for (const shown of [edge - 0.5, edge, edge + 0.5]) {
      const form = checkNumber(showNumber(shown / scale, scale), rule)
      expect({ shown, ok: form.message === null }).toEqual({
        shown,
        ok: schema.safeParse(shown / scale).success
      })
    }
}

describe('scenario and A/B design fields accept what the server accepts', () => {
  const change = scenarioSchema.shape.changes.element.shape
  const scenarioSchemas = {
    change_pct: change.change_pct,
    market_growth_pct: scenarioSchema.shape.market_growth_pct,
    competitor_move_pct: scenarioSchema.shape.competitor_move_pct,
    cross_elasticity: scenarioSchema.shape.cross_elasticity
  }
  for (const [k, schema] of Object.entries(scenarioSchemas))
    it(`scenario ${k}`, () => agreesAtEdges(SCENARIO_RULES[k as keyof typeof SCENARIO_RULES], schema))
  const d = experimentDesignSchema.shape
  const arm = d.arms.element.shape
  // The discriminated union's second option is the fixed percent change.
  const pct = arm.change.options[1]
  const designSchemas = {
    pct: pct.shape.pct,
    weight: arm.weight,
    holdout: d.holdout,
    alpha: d.alpha,
    power: d.power,
    mde: d.mde,
    seed: d.seed
  }
  for (const [k, schema] of Object.entries(designSchemas))
    it(`design ${k}`, () => {
      expect(schema).toBeDefined()
      if (schema) agreesAtEdges(DESIGN_RULES[k as keyof typeof DESIGN_RULES], schema)
    })
  it('the design rules are the ones written before they were read from the schema (issue 32)', () => {
    expect(DESIGN_RULES).toEqual({
      pct: { label: 'Price change', unit: '%', min: -100, minExclusive: true, max: 1000, nullable: false },
      weight: { label: 'Weight', min: 0, minExclusive: true, max: 100, nullable: false },
      holdout: { label: 'Holdout', unit: '%', scale: 100, min: 0, max: 50, nullable: false },
      alpha: {
        label: 'α (two-sided)',
        min: 0,
        minExclusive: true,
        max: 0.5,
        maxExclusive: true,
        nullable: false
      },
      power: {
        label: 'Power',
        unit: '%',
        scale: 100,
        min: 50,
        minExclusive: true,
        max: 100,
        maxExclusive: true,
        nullable: false
      },
      mde: {
        label: 'Minimum detectable effect',
        unit: '%',
        scale: 100,
        min: 0,
        minExclusive: true,
        max: 1000,
        nullable: true
      },
      seed: { label: 'Seed', integer: true, min: 0, max: 2 ** 31, nullable: false }
    })
  })
  for (const [k, schema] of Object.entries(designSchemas))
    it(`design ${k}: its bounds equal the schema's (boundsOf)`, () => {
      const rule: NumberRule = DESIGN_RULES[k as keyof typeof DESIGN_RULES]
      const { min, max, minExclusive, maxExclusive } = rule
      expect({ min, max, minExclusive, maxExclusive }).toEqual({
        minExclusive: undefined,
        maxExclusive: undefined,
        ...boundsOf(schema, rule.scale ?? 1)
      })
    })
  it('a whole-number seed and a power in percent', () => {
    expect(checkNumber('4.5', DESIGN_RULES.seed).message).toBe('Seed must be a whole number')
    expect(checkNumber('100', DESIGN_RULES.power).message).toBe(
      'Power must be more than 50 % and less than 100 %'
    )
    expect(checkNumber('80', DESIGN_RULES.power)).toEqual({ value: 0.8, message: null })
    expect(checkNumber('', DESIGN_RULES.holdout).message).toBe('Holdout is required')
  })
})
