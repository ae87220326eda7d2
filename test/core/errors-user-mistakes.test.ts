// A user's mistake raised in core is a DomainError with its own code, never `internal`.
import { describe, expect, it } from 'vitest'
import { syntheticPanel } from './elasticity/synthetic'
import { fitModel } from '../../src/core/elasticity/models'
import { restoreModel } from '../../src/core/elasticity/restore'
import { latestRows, predictDemand } from '../../src/core/elasticity/predict'
import { knownTable } from '../../src/core/data/tables'
import { DomainError } from '../../src/shared/domain-error'
import { toErrorBody } from '../../src/backend/error-body'
import { newDb } from '../helpers'

function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (e) {
    return e
  }
  throw new Error('expected a throw')
}

describe('a user mistake is never internal', () => {
  it('an unknown item in a demand query is not_found, naming the item and its field', () => {
    const panel = syntheticPanel({ elasticity: -1.5, items: 10, periods: 6 })
    const rows = Uint32Array.from({ length: panel.n }, (_, i) => i)
    const model = restoreModel({ kind: 'ols', model: fitModel('ols', panel, rows, { seed: 1 }).serialize() })
    const e = thrown(() =>
      predictDemand(panel, model, latestRows(panel), [
        { item: 'item-1', price: 10 },
        { item: 'nope', price: 1 }
      ])
    )
    expect(e).toBeInstanceOf(DomainError)
    expect(toErrorBody(e)).toEqual({
      code: 'not_found',
      message: 'unknown item "nope"',
      issues: [{ path: ['items', 1, 'item'], message: 'unknown item "nope"' }]
    })
  })

  it('an unknown table is not_found, naming the table', () => {
    const db = newDb()
    try {
      const body = toErrorBody(thrown(() => knownTable(db, 'no_such_table')))
      expect(body.code).toBe('not_found')
      expect(body.message).toMatch(/^unknown table "no_such_table"/)
    } finally {
      db.close()
    }
  })
})
