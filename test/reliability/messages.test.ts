import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { eventLogTables } from '../../src/core/propensity/customers/event-log'
import { eventLog } from '../core/propensity/event-log-fixture'
import { cli, importSales, tempDir, writeFile } from '../helpers'
import { Backend } from '../../src/backend/backend'
import { toErrorBody } from '../../src/backend/error-body'
import { utils, write } from '@e965/xlsx'

/** Issue 29, messages a user could not act on: each now names the file, line, column or flag, and the fix. */
describe("messages in the user's terms", () => {
  it('a conversion outcome without --event names the flag (was: event column "undefined" has no event "nosuch")', () => {
    expect(() =>
      eventLogTables(eventLog(200, 1), {
        customer: 'user',
        time: 'ts',
        window: 30,
        outcome: { kind: 'conversion', event: 'nosuch' }
      })
    ).toThrow(/^--outcome conversion:nosuch needs --event COLUMN: the column whose values name the events/)
  })
})

describe('import messages point at the cell to fix', () => {
  const importUnits = (dir: string, name: string, csv: string) =>
    importSales(join(dir, 'p.pricelab'), writeFile(dir, name, csv), { quantity: 'units', extra: ['--json'] })
  const issueOf = (r: { out: string }) => JSON.parse(r.out).error.issues[0]

  it('a period column of dates with one label on line 50 names line 50, not line 2', async () => {
    const dir = tempDir()
    const dates = Array.from(
      { length: 48 },
      (_, i) => `A,2024-01-${String((i % 28) + 1).padStart(2, '0')},10,5`
    )
    const r = await importUnits(dir, 'w.csv', ['item,week,price,units', ...dates, 'A,W5,10,5', ''].join('\n'))
    expect(r.code).toBe(1)
    const issue = issueOf(r)
    expect(issue).toMatchObject({ file: 'w.csv', line: 50, column: 2, column_name: 'week' })
    expect(issue.message).toMatch(
      /^"W5" in the period column "week" is not a date, while 48 of its values are dates \(like "2024-01-01" on line 2\).*correct this cell/
    )
    // Dates only, as text: the first date is the line to see (the old message, at its line).
    const only = await importUnits(dir, 'd.csv', 'item,week,price,units\nA,3/4/24,10,5\nB,10/4/24,11,6\n')
    expect(issueOf(only)).toMatchObject({
      line: 2,
      column: 2,
      message: expect.stringMatching(/holds dates like "3\/4\/24"/)
    })
    // Labels with one stray date name the date.
    const labels = Array.from({ length: 30 }, (_, i) => `A,W${i + 1},10,5`)
    const stray = await importUnits(
      dir,
      's.csv',
      ['item,week,price,units', ...labels, 'A,2024-02-01,10,5', ''].join('\n')
    )
    expect(issueOf(stray)).toMatchObject({
      line: 32,
      column: 2,
      message: expect.stringMatching(/"2024-02-01" .* looks like a date among period labels/)
    })
  })

  it('a file with column names and no data rows says so, not "the price column must be numeric (it is text)"', async () => {
    const dir = tempDir()
    const r = await importUnits(dir, 'h.csv', 'item,week,price,units\n')
    expect(r.code).toBe(1)
    const issue = issueOf(r)
    expect(issue).toMatchObject({ file: 'h.csv', line: 1, column: 1 })
    expect(issue.message).toMatch(
      /^the file has column names on line 1 but no data rows below them: nothing to import/
    )
    expect(r.out).not.toMatch(/must be numeric/)
    // With data rows, a price column of text is still named.
    const text = await importUnits(dir, 't.csv', 'item,week,price,units\nA,W1,cheap,5\n')
    expect(issueOf(text).message).toMatch(/the price column "price" must be numeric \(it is text\)/)
  })
})

describe('projects, tables and errors in words', () => {
  it('project:create in a folder that cannot hold files (/proc, a virtual file system) is storage, naming the folder', async () => {
    tempDir()
    const b = new Backend({ mode: 'cli', version: 'test' })
    const vfs = await b.dispatch('project:create', { path: '/proc/p.pricelab' })
    expect(vfs.ok ? 'created' : vfs.error).toEqual({
      code: 'storage',
      message: expect.stringMatching(
        /^cannot create the project in \/proc: that folder cannot hold files .* Choose a folder/
      )
    })
    const missing = await b.dispatch('project:create', { path: '/no-such-folder-29/p.pricelab' })
    expect(missing.ok ? 'created' : missing.error).toEqual({
      code: 'storage',
      message: expect.stringMatching(/the folder \/no-such-folder-29 does not exist/)
    })
    b.close()
  })

  it('a table read sorted or filtered by a column the table lacks names it and lists the columns (not internal)', async () => {
    const dir = tempDir()
    const b = new Backend({ mode: 'cli', version: 'test' })
    b.openProject(join(dir, 'p.pricelab'), { create: true })
    const { fileId } = b.files.stagePath(writeFile(dir, 'a.csv', 'sku,price\nA,1\n'))
    await b.call('import:run', {
      jobId: 'i',
      fileId,
      plan: { target: { kind: 'dataset', name: 'a', roles: {} } }
    })
    for (const q of [
      { sort: { column: 'nonexistent', direction: 'asc' as const } },
      { filters: [{ column: 'nonexistent', op: 'eq' as const, value: '1' }] }
    ]) {
      const r = await b.dispatch('data:rows', { table: 'ds_a', limit: 10, offset: 0, ...q })
      expect(r.ok ? 'rows' : r.error).toMatchObject({
        code: 'not_found',
        message: 'dataset "a" has no column "nonexistent" (its columns: sku, price)'
      })
    }
    b.close()
  })

  it('an error whose code is not text (a DOMException) is read, not "code.startsWith is not a function"', () => {
    const body = toErrorBody(new DOMException('could not be cloned', 'DataCloneError'))
    expect(body).toEqual({ code: 'internal', message: 'could not be cloned' })
    expect(toErrorBody({ code: 5, message: 'numeric' })).toEqual({ code: 'internal', message: 'numeric' })
  })
})

describe('workbook flags', () => {
  it('--sheet "" reads the default sheet, as the app does (was: the workbook has no sheet named "" / --sheet: too small)', async () => {
    const dir = tempDir()
    const wb = utils.book_new()
    utils.book_append_sheet(
      wb,
      utils.aoa_to_sheet([
        ['sku', 'price'],
        ['A', 1],
        ['B', 2]
      ]),
      'Sales'
    )
    const file = writeFile(
      dir,
      'w.xlsx',
      new Uint8Array(write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer)
    )
    const r = await cli(
      'import',
      '--db',
      join(dir, 'p.pricelab'),
      '--dataset',
      'w',
      '--sheet',
      '',
      '--json',
      file
    )
    expect(r.err).not.toMatch(/no sheet named|too small/)
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out)).toMatchObject({ rows: 2 })
  })
})

describe('optimize --item-by', () => {
  it('a column the dataset lacks is a usage error naming the flag and the columns, before any training', async () => {
    const dir = tempDir()
    const db = join(dir, 'r.pricelab')
    expect((await cli('generate', '--db', db, '--kind', 'retail', '--scale', '0.05')).code).toBe(0)
    const r = await cli(
      'optimize',
      '--db',
      db,
      '--dataset',
      'retail_sample',
      '--item-by',
      'nonexistent',
      '--out',
      join(dir, 'o.csv')
    )
    expect(r.code).toBe(2)
    expect(r.err).toMatch(
      /--item-by nonexistent: dataset "retail_sample" has no column "nonexistent" \(its columns: store, brand, item, week, price, quantity, feature, display\)/
    )
    expect(r.err).not.toMatch(/Training|no such column/)
  })
})
