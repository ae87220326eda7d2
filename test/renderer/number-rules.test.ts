import { describe, expect, it } from 'vitest'
import {
  checkNumber,
  explainServerMessage,
  parseNumberText,
  rangePhrase,
  type NumberRule
} from '../../src/renderer/src/components/number-rules'
import { settingsKey, staleness } from '../../src/renderer/src/components/stale'
import { pricingSettingsSchema } from '../../src/shared/api'

const maxDecrease: NumberRule = {
  label: 'Max decrease',
  unit: '%',
  scale: 100,
  min: 0,
  max: 99,
  nullable: true
}

describe('number fields in the user terms', () => {
  it('rejects text and out-of-range percents with a message in percent, never a fraction', () => {
    expect(checkNumber('abc', maxDecrease)).toEqual({
      value: null,
      message: 'Max decrease must be a number between 0 % and 99 %'
    })
    expect(checkNumber('150', maxDecrease)).toEqual({
      value: null,
      message: 'Max decrease must be between 0 % and 99 %'
    })
    expect(checkNumber('-1', maxDecrease).message).toBe('Max decrease must be between 0 % and 99 %')
  })
  it('accepts a valid percent and stores the fraction; empty is "no limit" only when nullable', () => {
    expect(checkNumber('20', maxDecrease)).toEqual({ value: 0.2, message: null })
    expect(checkNumber('12,5', maxDecrease)).toEqual({ value: 0.125, message: null })
    expect(checkNumber(' ', maxDecrease)).toEqual({ value: null, message: null })
    expect(checkNumber('', { label: 'Seed', integer: true }).message).toBe('Seed is required')
  })
  it('checks whole numbers and exclusive bounds', () => {
    const seed: NumberRule = { label: 'Seed', integer: true, min: 0 }
    expect(checkNumber('4.5', seed).message).toBe('Seed must be a whole number')
    expect(checkNumber('42', seed)).toEqual({ value: 42, message: null })
    const change: NumberRule = { label: 'Change', unit: '%', min: -100, minExclusive: true, max: 1000 }
    expect(checkNumber('-100', change).message).toBe('Change must be more than -100 % and at most 1,000 %')
    expect(checkNumber('-99.5', change).value).toBe(-99.5)
    expect(rangePhrase({ label: 'x', min: 0 })).toBe('at least 0')
  })
  it('does not take JS number quirks for numbers', () => {
    for (const t of ['0x10', '1e', '--1', '1.2.3', 'Infinity', '5%']) expect(parseNumberText(t)).toBeNaN()
    expect(parseNumberText('−3')).toBe(-3)
    expect(parseNumberText('1e3')).toBe(1000)
  })
  it('writes the server refusal of a real settings payload in the field terms', () => {
    const settings = {
      objective: 'revenue',
      min_volume_share: null,
      cost_share: null,
      guardrails: { max_decrease: 1.5 }
    }
    const r = pricingSettingsSchema.shape.guardrails.shape.max_decrease.safeParse(
      settings.guardrails.max_decrease
    )
    expect(r.success).toBe(false)
    const zodText = `pricing:optimize: settings.guardrails.max_decrease: ${r.error?.issues[0].message}`
    expect(zodText).toContain('<=0.99')
    const shown = explainServerMessage(zodText, { max_decrease: maxDecrease })
    expect(shown).toBe('Max decrease must be between 0 % and 99 %')
    expect(shown).not.toMatch(/settings\.|0\.99|expected/)
    // A part about an unknown path is kept, not hidden.
    expect(explainServerMessage('pricing:optimize: runId: Too small', { max_decrease: maxDecrease })).toBe(
      'pricing:optimize: runId: Too small'
    )
  })
})

describe('stale results', () => {
  it('are fresh only while the form equals what they were computed with, in any key order', () => {
    const a = { objective: 'revenue', guardrails: { max_increase: 0.2, max_decrease: 0.1 } }
    const b = { guardrails: { max_decrease: 0.1, max_increase: 0.2 }, objective: 'revenue' }
    expect(settingsKey(a)).toBe(settingsKey(b))
    expect(staleness(a, b)).toBe('fresh')
    expect(staleness(a, { ...b, objective: 'margin' })).toBe('settings')
    expect(staleness(a, b, true)).toBe('failed')
    expect(staleness(undefined, b)).toBe('fresh')
  })
})
