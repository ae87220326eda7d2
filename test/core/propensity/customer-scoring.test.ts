import { describe, expect, it } from 'vitest'
import { generateCustomers } from '../../../src/core/propensity/customers/generate'
import { encodeRows } from '../../../src/core/propensity/customers/encode'
import { fitPlatt } from '../../../src/core/propensity/customers/calibrate'
import { prepareCustomers, DEFAULT_CUSTOMER_PLAN } from '../../../src/core/propensity/customers/train'
import { customerReasons, scoreCustomers, SCORE_BLOCK } from '../../../src/core/propensity/customers/score'
import { fitClassifier } from '../../../src/core/propensity/classifiers'
import { groupContributions } from '../../../src/core/propensity/train'
import { CLASSIFIERS } from '../../../src/shared/propensity'

const SPEC = { dataset: 'generated', label: 'churn', id: 'customer_id' }

describe('scoring a customer table block by block', () => {
  it('gives every customer the score and reasons of the whole-table design, never encoding it whole', () => {
    for (const seed of [42, 43]) {
      const n = SCORE_BLOCK + 123
      const table = generateCustomers(n, seed)
      const p = prepareCustomers(table, SPEC, { ...DEFAULT_CUSTOMER_PLAN, seed })
      const all = Int32Array.from({ length: n }, (_, i) => i)
      const X = encodeRows(p.encoder, table, all)
      for (const kind of CLASSIFIERS) {
        const model = fitClassifier(kind, p.Xtrain, p.ytrain, p.F, seed)
        const cal = fitPlatt(model.predict(p.Xtest, p.ytest.length), p.ytest)
        const largest: number[] = []
        const scorer = {
          predict: (Xb: Float64Array, m: number) => {
            largest.push(m)
            return cal.apply(model.predict(Xb, m))
          }
        }
        const score = scoreCustomers(p.encoder, table, scorer)
        expect(Math.max(...largest)).toBe(SCORE_BLOCK)
        expect(score).toEqual(cal.apply(model.predict(X, n)))
        const reasons = customerReasons(p.encoder, table, scorer, score)
        expect(Math.max(...largest)).toBe(SCORE_BLOCK)
        expect(reasons).toEqual(groupContributions(scorer, X, score, n, p.F, p.encoder.groups))
      }
    }
  })

  it('encodes into a reused design exactly as into a fresh one', () => {
    const table = generateCustomers(3000, 7)
    const p = prepareCustomers(table, SPEC, { ...DEFAULT_CUSTOMER_PLAN, seed: 7 })
    const rows = Int32Array.from({ length: 500 }, (_, i) => 2999 - 3 * i)
    const out = new Float64Array(500 * p.F).fill(5)
    expect(encodeRows(p.encoder, table, rows, out)).toEqual(encodeRows(p.encoder, table, rows))
  })
})
