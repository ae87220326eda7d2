import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { csvCell, neutralizeFormula, unescapeFormula } from '../../../../src/core/data/csv/writer'

describe('CSV writer', () => {
  it('neutralizes cells Excel would run as formulas', () => {
    for (const bad of ['=HYPERLINK("x")', '+1+2', '-2+3', '@SUM(A1)', '\tx', '\rx'])
      expect(neutralizeFormula(bad)).toBe(`'${bad}`)
    expect(neutralizeFormula('plain')).toBe('plain')
    // Numbers are numbers, not text: a negative price stays a number.
    expect(csvCell(-5.5)).toBe('-5.5')
  })

  it('quotes per RFC 4180', () => {
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell(null)).toBe('')
  })

  it('escaping is reversible for every string', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(unescapeFormula(neutralizeFormula(s))).toBe(s)
      })
    )
    fc.assert(
      fc.property(fc.constantFrom("'", "''", '='), fc.string(), (p, s) => {
        expect(unescapeFormula(neutralizeFormula(p + s))).toBe(p + s)
      })
    )
  })

  it('writes numbers that read back as the same double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Number(csvCell(x))).toBe(x === 0 ? 0 : x)
      })
    )
  })
})
