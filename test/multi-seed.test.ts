import { describe, expect, it } from 'vitest'
import { multiSeed } from './multi-seed'

describe('multiSeed', () => {
  it('returns every seed’s value when the check holds at each', () => {
    expect(
      multiSeed(
        [1, 2, 3],
        (s) => s * 10,
        (v) => expect(v).toBeGreaterThan(5)
      )
    ).toEqual([10, 20, 30])
  })

  it('runs every seed and reports each value and each failing seed', () => {
    const ran: number[] = []
    let message = ''
    try {
      multiSeed(
        [1, 2, 3],
        (s) => {
          ran.push(s)
          return { estimate: s / 3 }
        },
        (v) => expect(v.estimate).toBeLessThan(0.5)
      )
    } catch (e) {
      message = (e as Error).message
    }
    expect(ran).toEqual([1, 2, 3])
    expect(message).toMatch(/^2 of 3 seeds failed/)
    expect(message).toContain('seed 1: {"estimate":0.3333}')
    expect(message).toContain('seed 3: {"estimate":1}')
    expect(message).toMatch(/failures:\n {2}seed 2: .*\n {2}seed 3: /)
  })

  it('refuses a single seed', () => {
    expect(() =>
      multiSeed(
        [1],
        (s) => s,
        () => undefined
      )
    ).toThrow(/at least two seeds/)
  })
})
