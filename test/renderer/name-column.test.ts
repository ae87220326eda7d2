import { describe, expect, it } from 'vitest'
import { hasOwnNames } from '../../src/renderer/src/pages/pricing/name-column'

describe('the price tables’ Name column', () => {
  it('is left out when every name is the item id (a dataset without a name column)', () => {
    expect(
      hasOwnNames([
        { item_id: 'S15-ORC', name: 'S15-ORC' },
        { item_id: 'S01-SUN', name: '' }
      ])
    ).toBe(false)
  })
  it('is kept when some item has a name of its own', () => {
    expect(
      hasOwnNames([
        { item_id: 'C1', name: 'C1' },
        { item_id: 'C2', name: 'Intro to Python' }
      ])
    ).toBe(true)
  })
})
