import { describe, expect, it } from 'vitest'
import {
  checkNumber,
  explainIssues,
  fieldIssues,
  parseNumberText,
  rangePhrase,
  type NumberRule
} from '../../src/renderer/src/components/number-rules'
import { settingsKey, staleness } from '../../src/renderer/src/components/stale'
import { ApiError, parseCall } from '../../src/shared/api'
import { DEFAULT_SETTINGS } from '../../src/shared/pricing/defaults'

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
  it('writes the server refusal of a real settings payload in the field terms, from its issues', () => {
    const parsed = parseCall('pricing:optimize', {
      settings: { ...DEFAULT_SETTINGS, guardrails: { ...DEFAULT_SETTINGS.guardrails, max_decrease: 1.5 } }
    })
    if (!('error' in parsed)) throw new Error('expected a refusal')
    const issue = parsed.error.issues?.[0]
    expect(issue?.path).toEqual(['settings', 'guardrails', 'max_decrease'])
    expect(issue?.bound).toEqual({ max: 0.99, inclusive: true })
    const e = new ApiError(parsed.error)
    const shown = explainIssues(e, { max_decrease: maxDecrease })
    expect(shown).toBe('Max decrease must be between 0 % and 99 %')
    expect(shown).not.toMatch(/settings\.|0\.99|expected/)
    // The field's own problem, for showing at the field.
    expect(fieldIssues(e, { max_decrease: maxDecrease })).toEqual({
      max_decrease: 'Max decrease must be between 0 % and 99 %'
    })
    // An issue about an unknown path is kept, not hidden.
    const other = new ApiError({
      code: 'invalid_input',
      message: 'pricing:optimize: runId: Too small',
      issues: [{ path: ['runId'], message: 'Too small' }]
    })
    expect(explainIssues(other, { max_decrease: maxDecrease })).toBe('pricing:optimize: runId: Too small')
  })

  it('reads the issues as data, not the message text', () => {
    // A message that looks like a field refusal, but no issues: shown as it is.
    const textOnly = new ApiError({
      code: 'invalid_input',
      message: 'pricing:optimize: settings.guardrails.max_decrease: Too big: expected number to be <=0.99'
    })
    expect(explainIssues(textOnly, { max_decrease: maxDecrease })).toBe(textOnly.message)
    expect(fieldIssues(textOnly, { max_decrease: maxDecrease })).toEqual({})
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
