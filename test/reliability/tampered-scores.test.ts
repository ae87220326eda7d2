import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { cli, customerChurnRun, tempDir } from '../helpers'
import { customersToCsv, generateCustomers } from '../../src/core/propensity/customers/generate'

/**
 * Issue 29 items 10 and 12 (rest): an infinite stored score was written blank with segment
 * "Dormant"; damaged saved reasons (customer_scores.top_json) surfaced as `internal`. Both are
 * now refused as a damaged run, naming the run and the customer.
 */
describe('tampered customer scores', () => {
  it.each([
    ['score = 9e999', /the saved score of customer "C\d+" is Infinity, not a probability between 0 and 1/],
    ["top_json = '[{'", /the saved reasons of customer "C\d+" are not valid JSON/]
  ])(
    '%s: score --out refuses with the run and the customer (exit 1, invalid_input)',
    async (set, reason) => {
      const dir = tempDir()
      const { db, run: p } = await customerChurnRun(dir, customersToCsv(generateCustomers(800, 2)))
      expect(p.code, p.err).toBe(0)
      const d = new Database(db)
      d.prepare(`UPDATE customer_scores SET ${set} WHERE row_no = 5`).run()
      d.close()
      const r = await cli(
        'score',
        '--db',
        db,
        '--dataset',
        'telco',
        '--out',
        join(dir, 'scores.csv'),
        '--json'
      )
      expect(r.code).toBe(1)
      const e = JSON.parse(r.out).error
      expect(e.code).toBe('invalid_input')
      expect(e.message).toMatch(/^propensity run \d+ is damaged: /)
      expect(e.message).toMatch(reason)
    },
    120_000
  )
})
