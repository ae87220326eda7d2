import { describe, expect, it } from 'vitest'
import { isRounded, roundPrice, roundWithin } from '../../../src/core/pricing/rounding'

describe('charm rounding', () => {
  it('rounds to each ending in each direction', () => {
    expect(roundPrice(47.3, { rule: 'whole', direction: 'nearest' })).toBe(47)
    expect(roundPrice(47.3, { rule: 'whole', direction: 'up' })).toBe(48)
    expect(roundPrice(47.3, { rule: '99', direction: 'nearest' })).toBe(46.99)
    expect(roundPrice(47.3, { rule: '99', direction: 'up' })).toBe(47.99)
    expect(roundPrice(47.3, { rule: '95', direction: 'down' })).toBe(46.95)
    expect(roundPrice(47.3, { rule: '9', direction: 'nearest' })).toBe(49)
    expect(roundPrice(47.3, { rule: '9', direction: 'down' })).toBe(39)
    expect(roundPrice(47.326, { rule: 'none', direction: 'nearest' })).toBe(47.33)
    // A price already on the lattice stays put in every direction.
    for (const direction of ['nearest', 'up', 'down'] as const)
      expect(roundPrice(59, { rule: '9', direction })).toBe(59)
  })

  it('stays inside the bounds, trying the other direction, or gives up', () => {
    expect(roundWithin(47.3, { rule: 'whole', direction: 'up' }, 40, 47.5)).toBe(47)
    expect(roundWithin(45, { rule: '9', direction: 'nearest' }, 41, 47)).toBeNull()
    expect(roundWithin(45, { rule: '9', direction: 'down' }, 41, 50)).toBe(49)
    expect(isRounded(46.99, '99')).toBe(true)
    expect(isRounded(46.9, '99')).toBe(false)
  })
})
