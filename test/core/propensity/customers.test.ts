import { describe, expect, it } from 'vitest'
import {
  customersToCsv,
  generateCustomers,
  type CustomerTable
} from '../../../src/core/propensity/customers/generate'
import { CustomerInputError, readLabel } from '../../../src/core/propensity/customers/label'
import { encodeRows, fitEncoder } from '../../../src/core/propensity/customers/encode'
import { fitIsotonic, fitPlatt } from '../../../src/core/propensity/customers/calibrate'
import { trainCustomers } from '../../../src/core/propensity/customers/train'
import { auc, ece } from '../../../src/core/propensity/metrics'
import { Rng, sigmoid } from '../../../src/core/util/rng'
import { multiSeed } from '../../multi-seed'

const col = (t: CustomerTable, name: string) => t.columns.find((c) => c.name === name)!.values

function refusal(f: () => unknown): CustomerInputError {
  try {
    f()
  } catch (e) {
    if (e instanceof CustomerInputError) return e
    throw e
  }
  throw new Error('expected a refusal')
}

describe('customer-table generator', () => {
  it('is deterministic from the seed and has the shapes real churn tables have', () => {
    const a = generateCustomers(2000, 7)
    expect(customersToCsv(a)).toBe(customersToCsv(generateCustomers(2000, 7)))
    expect(customersToCsv(a)).not.toBe(customersToCsv(generateCustomers(2000, 8)))
    const tenure = col(a, 'tenure')
    const total = col(a, 'total_charges')
    // Total charges blank exactly for brand-new customers.
    const blanks = total.map((v, i) => [v === null, tenure[i] === 0])
    expect(blanks.every(([b, nw]) => b === nw)).toBe(true)
    expect(blanks.some(([b]) => b)).toBe(true)
    expect(new Set(col(a, 'online_security'))).toEqual(new Set(['Yes', 'No', 'No internet service']))
    expect(new Set(col(a, 'multiple_lines'))).toEqual(new Set(['Yes', 'No', 'No phone service']))
    expect(new Set(col(a, 'paperless_billing'))).toEqual(new Set([0, 1]))
    expect(new Set(col(a, 'partner'))).toEqual(new Set(['Yes', 'No']))
    expect(new Set(col(a, 'contract')).size).toBe(3)
    // The label follows the stored truth: the truth ranks the labels about as well as real churn tables allow.
    const y = col(a, 'churn').map((v): number => (v === 'Yes' ? 1 : 0))
    expect(auc(a.truth, y)).toBeGreaterThan(0.78)
    const rate = y.reduce((s, v) => s + v, 0) / y.length
    expect(rate).toBeGreaterThan(0.15)
    expect(rate).toBeLessThan(0.4)
  })
})

describe('label column', () => {
  const many = (pos: number, neg: number, p: string | number = 'Yes', n: string | number = 'No') => [
    ...Array<string | number>(pos).fill(p),
    ...Array<string | number>(neg).fill(n)
  ]
  it('reads yes/no, true/false and 1/0 in any case, blanks as unlabelled', () => {
    expect(Array.from(readLabel('churn', [...many(60, 60, 'yes', 'No'), null]).y.slice(58, 62))).toEqual([
      1, 1, 0, 0
    ])
    expect(readLabel('churn', [...many(60, 60, 'yes', 'No'), null]).y[120]).toBe(-1)
    expect(readLabel('c', many(60, 60, 'TRUE', 'false')).y[0]).toBe(1)
    expect(readLabel('c', many(60, 60, 1, 0)).y[0]).toBe(1)
    expect(readLabel('c', many(60, 60, 0, 1)).y[0]).toBe(0)
    const named = readLabel('status', [...many(60, 60, 'Churned', 'Stayed'), 'Paused'], 'churned')
    expect(named.positive).toBe('Churned')
    expect(named.y[0]).toBe(1)
    expect(named.y[120]).toBe(0)
  })
  it('refuses one class, more than two values without --positive, unknown words, too few of the rarer class — naming the column', () => {
    let e = refusal(() => readLabel('churn', many(100, 0)))
    expect(e.column).toBe('churn')
    expect(e.message).toMatch(/"churn" has one class only/)
    e = refusal(() => readLabel('status', [...many(60, 60), 'Maybe']))
    expect(e.message).toMatch(/"status" has 3 values .*--positive/)
    e = refusal(() => readLabel('status', many(60, 60, 'Churned', 'Stayed')))
    expect(e.message).toMatch(/"status" .*--positive/)
    e = refusal(() => readLabel('churn', many(49, 500)))
    expect(e.message).toMatch(/"churn" has 49 positive rows: at least 50/)
    expect(readLabel('churn', many(50, 500)).y.length).toBe(550)
    e = refusal(() => readLabel('churn', many(60, 60), 'Maybe'))
    expect(e.message).toMatch(/"churn" has no value "Maybe"/)
  })
  it('refuses a label that is also a feature, and unknown columns, naming them', () => {
    const t = generateCustomers(500, 1)
    let e = refusal(() => trainCustomers(t, { dataset: 'd', label: 'churn', features: ['tenure', 'churn'] }))
    expect(e.column).toBe('churn')
    expect(e.message).toMatch(/"churn" is the label and cannot also be a feature/)
    e = refusal(() => trainCustomers(t, { dataset: 'd', label: 'churned' }))
    expect(e.message).toMatch(/no label column "churned"/)
    e = refusal(() => trainCustomers(t, { dataset: 'd', label: 'churn', features: ['tenur'] }))
    expect(e.column).toBe('tenur')
  })
})

describe('feature encoding', () => {
  const t = generateCustomers(3000, 3)
  const y = Int8Array.from(col(t, 'churn'), (v) => (v === 'Yes' ? 1 : 0))
  const all = Int32Array.from({ length: 3000 }, (_, i) => i)
  const features = t.columns.map((c) => c.name).filter((c) => c !== 'churn')
  const { encoder, X } = fitEncoder(t, features, y, all, 1)
  it('drops constant and id-like columns with a note, one-hots few levels, target-encodes many, reads yes/no and 1/0', () => {
    expect(encoder.dropped).toEqual([
      { column: 'customer_id', reason: expect.stringMatching(/^id-like/) },
      { column: 'country', reason: expect.stringMatching(/^constant/) }
    ])
    const how = Object.fromEntries(encoder.groups.map((g) => [g.column, g.how]))
    expect(how).toMatchObject({
      contract: 'one-hot',
      online_security: 'one-hot',
      region: 'target-encoded',
      partner: 'yes/no',
      paperless_billing: 'yes/no',
      senior_citizen: 'yes/no',
      tenure: 'number',
      total_charges: 'number'
    })
    expect(encoder.names).toContain('online_security=No internet service')
    expect(encoder.names).toContain('total_charges (blank)')
    expect(encoder.names).not.toContain('tenure (blank)')
  })
  it('imputes blanks with the median and flags them', () => {
    const F = encoder.names.length
    const j = encoder.names.indexOf('total_charges')
    const total = col(t, 'total_charges')
    const i = total.indexOf(null)
    expect(X[i * F + j + 1]).toBe(1)
    const filled = total.filter((v): v is number => v !== null).sort((a, b) => a - b)
    expect(Math.abs(X[i * F + j] - filled[Math.floor(filled.length / 2)])).toBeLessThan(50)
    expect(Number.isFinite(X.reduce((s, v) => s + v, 0))).toBe(true)
  })
  it('cross-fits the target encoding: a many-level column of pure noise does not leak the label', () => {
    const n = 4000
    multiSeed(
      [5, 6, 7, 8],
      (seed) => {
        const rng = new Rng(seed)
        const noise: CustomerTable = {
          columns: [
            { name: 'code', type: 'text', values: Array.from({ length: n }, () => `K${rng.int(400)}`) },
            {
              name: 'y',
              type: 'text',
              values: Array.from({ length: n }, () => (rng.next() < 0.3 ? 'Yes' : 'No'))
            }
          ]
        }
        const yy = Int8Array.from(noise.columns[1].values, (v) => (v === 'Yes' ? 1 : 0))
        const rows = Int32Array.from({ length: n }, (_, i) => i)
        const fit = fitEncoder(noise, ['code'], yy, rows, 2)
        return {
          how: fit.encoder.groups[0].how,
          inSampleAuc: auc(encodeRows(fit.encoder, noise, rows), yy),
          crossFitAuc: auc(fit.X, yy)
        }
      },
      (v) => {
        expect(v.how).toBe('target-encoded')
        // In-sample encodings (what encodeRows gives) memorize the labels; the cross-fitted ones do not.
        expect(v.inSampleAuc).toBeGreaterThan(0.65)
        expect(Math.abs(v.crossFitAuc - 0.5)).toBeLessThan(0.04)
      }
    )
  })
})

describe('calibration', () => {
  it('Platt and isotonic bring miscalibrated scores back to the truth', () => {
    for (const seed of [1, 2, 3]) {
      const rng = new Rng(seed)
      const n = 20000
      const p = Float64Array.from({ length: n }, () => sigmoid(rng.normal(-1, 1.2)))
      const y = Uint8Array.from(p, (v) => (rng.next() < v ? 1 : 0))
      // Overconfident scores: log-odds doubled.
      const s = p.map((v) => sigmoid(2 * Math.log(v / (1 - v))))
      expect(ece(s, y)).toBeGreaterThan(0.05)
      expect(ece(fitPlatt(s, y).apply(s), y)).toBeLessThan(0.015)
      expect(ece(fitIsotonic(s, y).apply(s), y)).toBeLessThan(0.015)
    }
  })
})

describe('trainCustomers on the generated table', () => {
  it.each([11, 12, 13])(
    'seed %i: AUC near the truth, calibrated, every customer scored with reasons',
    (seed) => {
      const t = generateCustomers(5000, seed)
      const { report: r, current } = trainCustomers(
        t,
        { dataset: 'gen', label: 'churn', id: 'customer_id' },
        {
          seed,
          folds: 3,
          testShare: 0.25
        }
      )
      expect(r.target).toBe('churn')
      expect(r.positive).toBe('Yes')
      expect(r.models.map((m) => m.name)).toEqual(['logistic', 'rf', 'gbm'])
      const best = r.models.find((m) => m.name === r.best_model)!
      expect(best.cv_auc).toBe(Math.max(...r.models.map((m) => m.cv_auc!)))
      // Against the generator's truth on the same test customers (ranking by the true probability).
      expect(r.test.label.length).toBe(1250)
      const truthAuc = auc(
        r.test.row.map((i) => t.truth[i]),
        r.test.label
      )
      expect(r.test.row.map((i) => (col(t, 'churn')[i] === 'Yes' ? 1 : 0))).toEqual(r.test.label)
      expect(best.auc).toBeGreaterThan(truthAuc - 0.03)
      expect(r.ece_after).toBeLessThanOrEqual(0.03)
      expect(['platt', 'isotonic']).toContain(r.calibration_method)
      expect(r.dropped.map((d) => d.column)).toEqual(['country'])
      expect(current.score.length).toBe(5000)
      expect(current.ids[0]).toBe('C0000001')
      // Two-year contracts lower churn most in the truth: the top reasons say so for nearly all of them.
      const contract = current.columns.indexOf('contract')
      const two = col(t, 'contract').flatMap((v, i) => (v === 'Two year' ? [i] : []))
      const named = two.filter((i) => {
        for (let k = 0; k < 3; k++)
          if (current.top[i * 3 + k] === contract) return current.delta[i * 3 + k] < 0
        return false
      })
      expect(named.length / two.length).toBeGreaterThan(0.8)
      expect(r.segments.reduce((s, b) => s + b.learners, 0)).toBe(5000)
      // Profiles: bands ordered by score have observed churn in the same order, and Hot customers are month-to-month.
      const p = r.profiles
      expect(p.customers).toEqual(r.segments.map((s) => s.learners))
      const rates = p.observed_rate.filter((x): x is number => x !== null)
      for (let k = 1; k < rates.length; k++) expect(rates[k]).toBeLessThan(rates[k - 1])
      expect(p.columns.find((c) => c.column === 'contract')!.values[0]).toMatch(/^Month-to-month/)
      const tenure = p.columns.find((c) => c.column === 'tenure')!.values as number[]
      expect(tenure[0]).toBeLessThan(tenure[3])
    }
  )
})
