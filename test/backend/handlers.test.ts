import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { api } from '../../src/shared/api'
import { handlers } from '../../src/backend/handlers'
import { Backend } from '../../src/backend/backend'
import { aggregationSql } from '../../src/core/data/import/aggregate/sql'

const root = join(__dirname, '..', '..')

describe('the handler map (issue 32: one typed map per domain, combined in one place)', () => {
  it('handles exactly the calls of the contract', () => {
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(api).sort())
  })

  it('the study calls domain services, not the Backend', () => {
    for (const f of ['study-stages.ts', 'pipeline.ts']) {
      const text = readFileSync(join(root, 'src/backend/study', f), 'utf8')
      expect(text).not.toMatch(/from '\.\.\/backend'/)
      expect(text).not.toMatch(/\.call\('/)
    }
  })

  it('has no import circle in src/backend nor between src/shared and src/core (scripts/import-circles.cjs)', () => {
    // execFileSync throws when the script exits non-zero (a circle found).
    const out = execFileSync(process.execPath, [join(root, 'scripts/import-circles.cjs')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe']
    })
    expect(out).toMatch(/none in src\/backend, none between src\/shared and src\/core/)
  })

  it('import:transactionsSql is the core aggregation SQL, without a project', async () => {
    const b = new Backend({ mode: 'cli', version: 'test' })
    try {
      const recipe = {
        item_by: ['sku'],
        time: 'day',
        bucket: 'week' as const,
        week_start: 'monday' as const,
        quantity: 'qty',
        price: 'price'
      }
      const { sql } = await b.call('import:transactionsSql', { recipe, source: 'sales.csv' })
      expect(sql).toBe(aggregationSql(recipe, 'sales.csv'))
    } finally {
      b.close()
    }
  })
})
