import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { tempDir, writeFile, cli, importSales } from '../helpers'
import { customersToCsv } from '../../src/core/propensity/customers/generate'
import { eventLogTables } from '../../src/core/propensity/customers/event-log'
import { eventLog } from '../core/propensity/event-log-fixture'

/** Issue 29 items 4 and 5: a date in 2099 and a number of 1e308 are refused at their file line and column. */
describe('impossible values are refused where they are', () => {
  const events = (extra: string) => {
    const csv = customersToCsv(eventLog(800, 3)).trimEnd()
    return { csv: `${csv}\n${extra}\n`, line: csv.split('\n').length + 1 }
  }

  it('an event dated 2099 in a log is refused at import with its line, so nothing is "scored as of 2100"', async () => {
    const dir = tempDir()
    const db = join(dir, 'e.pricelab')
    const { csv, line } = events('U1,2099-06-01,visit,0')
    const file = writeFile(dir, 'events.csv', csv)
    const r = await cli('import', '--db', db, '--dataset', 'events', file, '--json')
    expect(r.code).toBe(1)
    const issue = JSON.parse(r.out).error.issues[0]
    expect(issue).toMatchObject({ file: 'events.csv', line, column: 2, column_name: 'ts' })
    expect(issue.message).toMatch(/2099-06-01 in column "ts" is 7\d years after most of its dates .*typo/)
    // Nothing was written: the dataset does not exist, so no propensity run can use it.
    const p = await cli('propensity', '--db', db, '--dataset', 'events', '--events', '--customer', 'user')
    expect(p.err).not.toMatch(/2100/)
  })

  it('a log holding such a date already (the time as text) is refused before a fit, with or without --cutoff', () => {
    const log = eventLog(800, 4)
    const ts = log.columns.find((c) => c.name === 'ts')!
    const user = log.columns.find((c) => c.name === 'user')!
    ts.values.push('2099-06-01')
    user.values.push('U1')
    for (const c of log.columns.filter((c) => c.name !== 'ts' && c.name !== 'user')) c.values.push(null)
    const row = ts.values.length
    for (const cutoff of [undefined, '2025-11-07'])
      expect(() =>
        eventLogTables(log, { customer: 'user', time: 'ts', cutoff, window: 60, outcome: { kind: 'churn' } })
      ).toThrow(new RegExp(`^row ${row} of the event log: 2099-06-01 in column "ts" is 7\\d years after`))
  })

  it('the same log without the far date still trains (the check refuses only what is far)', () => {
    const t = eventLogTables(eventLog(800, 4), {
      customer: 'user',
      time: 'ts',
      window: 60,
      outcome: { kind: 'churn' }
    })
    expect(t.scoredAsOf.startsWith('2026-')).toBe(true)
  })

  const panel = (price: string, quantity: string) =>
    [
      'item,week,price,quantity,note',
      ...Array.from({ length: 30 }, (_, i) => `A,${i + 1},${10 + (i % 3)},${100 - i},${i}`),
      `B,1,${price},${quantity},1e200`
    ].join('\n')

  it.each([
    ['price', '1e308', '50', 3],
    ['quantity', '10', '1e308', 4],
    ['price', '2e12', '50', 3]
  ])(
    'a %s of %s (quantity %s) is refused at import with file, line and column',
    async (role, price, quantity, column) => {
      const dir = tempDir()
      const db = join(dir, 'p.pricelab')
      const file = writeFile(dir, 'sales.csv', panel(price, quantity).replace(',1e200', ',1'))
      const r = await importSales(db, file, { extra: ['--json'] })
      expect(r.code).toBe(1)
      const issue = JSON.parse(r.out).error.issues[0]
      expect(issue).toMatchObject({ file: 'sales.csv', line: 32, column, column_name: role })
      expect(issue.message).toMatch(
        new RegExp(`in column "${role}" is beyond any ${role} \\(at most 1e\\+12\\)`)
      )
      expect((await cli('tables', '--db', db, '--json')).out).not.toMatch(/"sales"/)
    }
  )

  it('any other number whose square overflows is refused too; 1e11 as a price is kept', async () => {
    const dir = tempDir()
    const db = join(dir, 'p.pricelab')
    const args = ['import', '--db', db, '--dataset', 'sales', '--price', 'price', '--quantity', 'quantity']
    const bad = await cli(...args, writeFile(dir, 'a.csv', panel('1e11', '50')), '--json')
    expect(bad.code).toBe(1)
    expect(JSON.parse(bad.out).error.issues[0]).toMatchObject({ line: 32, column: 5, column_name: 'note' })
    const ok = await cli(
      ...args,
      writeFile(dir, 'b.csv', panel('1e11', '50').replace(',1e200', ',7')),
      '--json'
    )
    expect(ok.err).toBe('')
    expect(JSON.parse(ok.out).rows).toBe(31)
  })

  it('a sales line (transaction log) with a unit price of 1e308 is refused at its line', async () => {
    const dir = tempDir()
    const lines = ['store,sold_at,unit_price,units']
    for (let d = 1; d <= 28; d++)
      lines.push(`S1,2025-02-${String(d).padStart(2, '0')},${9 + (d % 3)},${20 - (d % 5)}`)
    lines.push('S1,2025-03-01,1e308,3')
    const file = writeFile(dir, 'log.csv', lines.join('\n'))
    const r = await cli(
      'import',
      '--db',
      join(dir, 'p.pricelab'),
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
      '--json',
      file
    )
    expect(r.code).toBe(1)
    expect(JSON.parse(r.out).error.issues[0]).toMatchObject({
      line: 30,
      column: 3,
      column_name: 'unit_price'
    })
    expect(JSON.parse(r.out).error.issues[0].message).toMatch(
      /a unit price of 1e\+308 is beyond any real sale/
    )
  })
})
