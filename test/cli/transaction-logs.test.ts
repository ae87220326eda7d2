import { describe, expect, it } from 'vitest'
import { tempDir, writeFile, cli } from '../helpers'
import { Rng } from '../../src/core/util/rng'

/**
 * A point-of-sale log: one line per basket line (timestamp, store, brand, units, price paid),
 * 4 stores × 3 brands × 30 weeks, elasticity −3 per brand; `returns` adds return lines (negative units).
 */
function basketLog(opts: { returns?: boolean } = {}): { csv: string; returnLines: number[] } {
  const rng = new Rng(5)
  const lines = ['sold_at,store,brand,sku,units,unit_price,on_feature']
  const returnLines: number[] = []
  for (let s = 0; s < 4; s++)
    for (let b = 0; b < 3; b++)
      for (let w = 0; w < 30; w++) {
        const base = 2 + b
        const price = Math.round(base * (rng.bernoulli(0.2) ? 0.8 : 1) * 100) / 100
        const n = rng.poisson(20 * (price / base) ** -3)
        for (let k = 0; k < n; k++) {
          const t = new Date(Date.UTC(2025, 0, 6 + 7 * w, 8 + (k % 10), k % 60)).toISOString()
          const stamp = t.slice(0, 19).replace('T', ' ')
          lines.push(`${stamp},S${s},B${b},S${s}-B${b},${1 + (k % 3)},${price},0`)
          if (opts.returns && k === 3 && w % 7 === 0) {
            lines.push(`${stamp},S${s},B${b},S${s}-B${b},-1,${price},0`)
            returnLines.push(lines.length) // 1-based line of the file (the header is line 1)
          }
        }
      }
  return { csv: lines.join('\n') + '\n', returnLines }
}

describe('no fabricated estimates (issue 27, item 4)', () => {
  it('a basket log with the timestamp as period and no item is refused (exit 1), never "0.00 [0.00, 0.00]"', async () => {
    const csv = writeFile(tempDir(), 'log.csv', basketLog().csv)
    const r = await cli(
      'elasticity',
      '--csv',
      csv,
      '--price',
      'unit_price',
      '--quantity',
      'units',
      '--segment',
      'brand',
      '--period',
      'sold_at',
      '--models',
      'ols',
      '--json'
    )
    expect(r.code, r.out).toBe(1)
    const j = JSON.parse(r.out)
    expect(j.error.code).toBe('invalid_input')
    // Refused before any model (each line its own item) or, where the log's timestamps repeat across items as a
    // weekly panel's weeks do (a panel without an item column is legitimate), by the zero-width guard; both name
    // --transactions.
    expect(j.error.message).toMatch(/every item has a single row|interval of zero width/)
    expect(j.error.message).toMatch(/--transactions/)
  })

  it('negative quantities name their file lines and suggest netting returns (--transactions)', async () => {
    const dir = tempDir()
    const { csv: text, returnLines } = basketLog({ returns: true })
    const csv = writeFile(dir, 'log.csv', text)
    const db = `${dir}/p.pricelab`
    const imp = await cli(
      'import',
      '--db',
      db,
      '--dataset',
      'log',
      '--item',
      'sku',
      '--segment',
      'brand',
      '--period',
      'sold_at',
      '--price',
      'unit_price',
      '--quantity',
      'units',
      csv
    )
    expect(imp.code, imp.err).toBe(0)
    const r = await cli('elasticity', '--db', db, '--dataset', 'log', '--models', 'ols', '--json')
    expect(r.code).toBe(1)
    const j = JSON.parse(r.out)
    expect(j.error.message).toMatch(new RegExp(`${returnLines.length} negative quantities`))
    expect(j.error.message).toMatch(/--transactions/)
    expect(j.error.message).toContain(`line ${returnLines[0]}`)
    expect(j.error.issues.length).toBeGreaterThan(0)
    expect(j.error.issues.map((i: { line: number }) => i.line)).toEqual(
      returnLines.slice(0, j.error.issues.length)
    )
    expect(j.error.issues[0].file).toContain('log.csv')
    expect(j.error.issues[0].column_name).toBe('units')
  })
})

describe('pricelab import --transactions (issue 27, item 1)', () => {
  it('builds the store × brand × week panel from the basket log, nets the returns, and elasticity recovers −3 per brand', async () => {
    const dir = tempDir()
    const csv = writeFile(dir, 'log.csv', basketLog({ returns: true }).csv)
    const db = `${dir}/p.pricelab`
    const recipe = [
      '--item-by',
      'store,brand',
      '--time',
      'sold_at',
      '--bucket',
      'week',
      '--week-start',
      'monday'
    ]
    const roles = [
      '--price',
      'unit_price',
      '--quantity',
      'units',
      '--segment',
      'brand',
      '--features',
      'on_feature'
    ]
    const imp = await cli(
      'import',
      '--db',
      db,
      '--dataset',
      'weekly',
      '--transactions',
      ...recipe,
      ...roles,
      '--json',
      csv
    )
    expect(imp.code, imp.err).toBe(0)
    const j = JSON.parse(imp.out)
    expect(j).toMatchObject({ dataset: 'weekly', rows: 4 * 3 * 30, items: 12, periods: 30 })
    expect(j.lines).toBeGreaterThan(j.rows)
    const r = await cli('elasticity', '--db', db, '--dataset', 'weekly', '--models', 'ols', '--json')
    expect(r.code, r.err).toBe(0)
    const e = JSON.parse(r.out)
    expect(e.rows).toBe(360)
    for (const s of e.segments) {
      expect(s.rows).toBe(120)
      expect(Math.abs(s.recommended - -3)).toBeLessThan(0.4)
      const width = s.recommended_ci_high - s.recommended_ci_low
      expect(width).toBeGreaterThan(0.02)
      expect(width).toBeLessThan(1.5)
    }
    // The same recipe as SQL for a warehouse; --rebuild applies the saved recipe to the log again.
    const sql = await cli(
      'import',
      '--dataset',
      'weekly',
      '--transactions',
      ...recipe,
      ...roles,
      '--print-sql',
      csv
    )
    expect(sql.code).toBe(0)
    expect(sql.out).toMatch(/^-- PriceLab: transaction log → item × week panel/)
    expect(sql.out).toContain(`read_csv('${csv}', header = true)`)
    const again = await cli('import', '--db', db, '--dataset', 'weekly', '--rebuild', '--json', csv)
    expect(again.code, again.err).toBe(0)
    expect(JSON.parse(again.out).rows).toBe(360)
  })

  it('flags that belong to a plain import are refused with --transactions (exit 2)', async () => {
    const csv = writeFile(tempDir(), 'log.csv', basketLog().csv)
    const r = await cli(
      'import',
      '--db',
      `${tempDir()}/p.pricelab`,
      '--dataset',
      'x',
      '--transactions',
      '--item-by',
      'store',
      '--time',
      'sold_at',
      '--price',
      'unit_price',
      '--quantity',
      'units',
      '--period',
      'sold_at',
      csv
    )
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/--period is for a panel imported as it is/)
  })
})
