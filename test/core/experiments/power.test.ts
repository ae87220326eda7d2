import { describe, expect, it } from 'vitest'
import {
  designPower,
  normalIndPower,
  proportionEffect,
  solveEffect,
  solveN1,
  tTestIndPower
} from '../../../src/core/experiments/power'
import { chiSquareSf, nctCdf, normalPpf, tPpf } from '../../../src/core/experiments/stats'

/**
 * Reference values from statsmodels 0.13.5 (Debian python3-statsmodels):
 * NormalIndPower / TTestIndPower .solve_power and .power, proportion_effectsize.
 * Regenerate with the script in bench/reference-power.py.
 */
const SOLVE_PROPORTIONS: [number, number, number, number, number, number][] = [
  // p1, p2, alpha, power, ratio, nobs1
  [0.1, 0.12, 0.05, 0.8, 1, 3834.595739884031],
  [0.05, 0.055, 0.05, 0.9, 1, 41791.36073264977],
  [0.3, 0.27, 0.01, 0.8, 2, 3964.014529815127],
  [0.5, 0.52, 0.1, 0.8, 0.5, 11585.509829125398],
  [0.02, 0.025, 0.05, 0.8, 1, 13767.94557407666]
]
const SOLVE_T: [number, number, number, number, number][] = [
  // d, alpha, power, ratio, nobs1
  [0.2, 0.05, 0.8, 1, 393.4056930002516],
  [0.5, 0.05, 0.9, 1, 85.03128411544914],
  [0.1, 0.01, 0.8, 2, 1752.951354973426],
  [0.8, 0.1, 0.8, 0.5, 29.92358114512028],
  [0.05, 0.05, 0.8, 1, 6280.048916291403]
]
const POWER: [string, number, number, number, number, number][] = [
  // test, d, nobs1, alpha, ratio, power
  ['t', 0.3, 50, 0.05, 1, 0.31780220494819866],
  ['z', 0.3, 50, 0.05, 1, 0.32304115977680475],
  ['t', 0.1, 500, 0.05, 1.5, 0.409450669339977],
  ['z', 0.1, 500, 0.05, 1.5, 0.4099681115375941]
]
const MDE_T: [number, number, number, number, number][] = [
  // nobs1, alpha, power, ratio, d
  [100, 0.05, 0.8, 1, 0.39813911389615253],
  [1000, 0.05, 0.8, 1, 0.12535080836170756]
]

const sig3 = (x: number, ref: number) => expect(Math.abs(x / ref - 1)).toBeLessThan(5e-4)

describe('power and sample size match statsmodels', () => {
  it('two proportions (NormalIndPower with Cohen’s h)', () => {
    for (const [p1, p2, alpha, power, ratio, n] of SOLVE_PROPORTIONS)
      sig3(solveN1(normalIndPower, proportionEffect(p2, p1), alpha, power, ratio), n)
  })
  it('two-sample t-test (TTestIndPower, noncentral t)', () => {
    for (const [d, alpha, power, ratio, n] of SOLVE_T) sig3(solveN1(tTestIndPower, d, alpha, power, ratio), n)
    for (const [test, d, n, alpha, ratio, power] of POWER)
      sig3((test === 't' ? tTestIndPower : normalIndPower)(d, n, alpha, ratio), power)
    for (const [n, alpha, power, ratio, d] of MDE_T)
      sig3(solveEffect(tTestIndPower, n, alpha, power, ratio), d)
  })
  it('distributions agree with SciPy', () => {
    sig3(normalPpf(0.975), 1.959963984540054)
    sig3(tPpf(0.975, 10), 2.2281388519649385)
    sig3(nctCdf(1.97, 100, 2.5), 0.2981120695463391)
    sig3(nctCdf(-1.97, 100, 2.5), 4.865589079416921e-6)
    sig3(chiSquareSf(12, 3), 0.007383160505359769)
  })
})

describe('designPower', () => {
  it('gives units for the MDE, and the MDE reachable when too few units exist', () => {
    const r = designPower({
      baseline: { kind: 'rate', rate: 0.1 },
      alpha: 0.05,
      power: 0.8,
      mde: 0.2,
      treatments: 1,
      ratio: 1,
      units_available: 5000
    })
    expect(r.control_units).toBe(3835) // statsmodels: 3834.6 per arm for 10% → 12%
    expect(r.required_units).toBe(7670)
    expect(r.enough).toBe(false)
    expect(r.mde_achievable).toBeGreaterThan(0.2)
    expect(r.message).toMatch(
      /only 5,000 units exist: the smallest detectable change with them is 2\d\.\d\d%/
    )
    // The reverse: at exactly the required units, the achievable MDE is the asked one.
    const back = designPower({
      baseline: { kind: 'rate', rate: 0.1 },
      alpha: 0.05,
      power: 0.8,
      mde: null,
      treatments: 1,
      ratio: 1,
      units_available: 2 * 3834.595739884031
    })
    expect(back.mde_achievable).toBeCloseTo(0.2, 4)
  })
  it('splits α over several treatments and recommends the √k control share', () => {
    const one = designPower({
      baseline: { kind: 'mean', mean: 100, sd: 50 },
      alpha: 0.05,
      power: 0.8,
      mde: 0.1,
      treatments: 1,
      ratio: 1,
      units_available: null
    })
    const three = designPower({
      baseline: { kind: 'mean', mean: 100, sd: 50 },
      alpha: 0.05,
      power: 0.8,
      mde: 0.1,
      treatments: 3,
      ratio: 1,
      units_available: null
    })
    sig3(one.control_units!, Math.ceil(solveN1(tTestIndPower, 0.2, 0.05, 0.8)))
    expect(three.control_units!).toBeGreaterThan(one.control_units!)
    expect(three.best_control_share).toBeCloseTo(Math.sqrt(3) / (Math.sqrt(3) + 3), 12)
  })
})
