import { describe, expect, it } from 'vitest'
import { pricingRules, GUARDRAIL_FIELDS } from '../../src/renderer/src/pages/pricing/settings-rules'
import { checkNumber, showNumber } from '../../src/renderer/src/components/number-rules'
import { segmentWord } from '../../src/renderer/src/pages/pricing/wording'
import { replaceQuestion } from '../../src/renderer/src/pages/pricing/scenario-replace'
import { guardrailsSchema, pricingSettingsSchema } from '../../src/shared/api'

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
    it(`${key}: the form accepts exactly what the server accepts at the edges`, () => {
      const rule = rules[key]
      const scale = rule.scale ?? 1
      const edges = [rule.min, rule.max].filter((x): x is number => x !== undefined)
      expect(edges.length).toBeGreaterThan(0)
      for (const edge of edges)
        for (const shown of [edge - 0.5, edge, edge + 0.5]) {
          const form = checkNumber(showNumber(shown / scale, scale), rule)
          const server = schemaOf(key).safeParse(shown / scale)
          expect({ shown, ok: form.message === null }).toEqual({ shown, ok: server.success })
        }
    })
  }
  it('names the segment and the percent in the message (150 % max decrease)', () => {
    expect(checkNumber('150', rules.max_decrease).message).toBe('Max decrease must be between 0 % and 99 %')
    expect(rules.competitor_band.label).toBe('Band around competitor / brand avg')
    expect(rules.category_avg_change.label).toBe('Brand avg change')
    expect(GUARDRAIL_FIELDS.every((k) => !/category/i.test(rules[k].label))).toBe(true)
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
