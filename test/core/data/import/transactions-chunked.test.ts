import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { chunks, tempDir, writeFile } from '../../../helpers'
import { aggregateLog, type AggregatedLog } from '../../../../src/core/data/import/aggregate/aggregate-log'
import { chunkRunnerHere, type ChunkRunner } from '../../../../src/core/data/import/aggregate/chunked-log'
import type { PanelCell } from '../../../../src/core/data/import/aggregate/group-by'
import { CsvImportError } from '../../../../src/core/data/csv/errors'
import { openRandomAccess } from '../../../../src/backend/random-access'
import { tillLog } from './reference/till-log'
import { tillRecipe } from './reference/till-log'

const recipe = tillRecipe({ segments: ['brand'], cost: 'unit_cost' })

/** The fuzzed till log with its header ended by a line feed (a CR-only header is read by one reader). */
const logOf = (seed: number, faults: boolean) =>
  tillLog(seed, faults, ',').replace(/^([^\r\n]*)(\r\n|\r|\n)/, '$1\n')

type Outcome = { cells: PanelCell[]; lines: number } | { issues: unknown }

/** Range orders a multi-threaded runner may produce: in order, reversed, odd ones first. */
const ORDERS: Record<string, (n: number) => number[]> = {
  forward: (n) => [...Array(n).keys()],
  reversed: (n) => [...Array(n).keys()].reverse(),
  interleaved: (n) => [...Array(n).keys()].sort((a, b) => (a % 2) - (b % 2) || a - b)
}

/** The log aggregated: by one reader, or by ranges of `chunkBytes` (counting the ranges the runner was asked for). */
async function run(path: string, chunkBytes: number, order?: (n: number) => number[]) {
  const ra = await openRandomAccess(path)
  let ranges = 0
  let whole = false
  const here = chunkRunnerHere(ra, order)
  const runner: ChunkRunner = (plan, onResult, signal) => {
    ranges = plan.ranges.length
    return here(plan, onResult, signal)
  }
  try {
    // When the log is not read by ranges (or a range cannot be used), it is read whole from its byte stream.
    const stream = chunks(readFileSync(path))
    const source = {
      [Symbol.asyncIterator]: () => {
        const it = stream[Symbol.asyncIterator]()
        return {
          next: () => {
            whole = true
            return it.next()
          },
          return: async () => ({ done: true as const, value: undefined })
        }
      }
    }
    const agg: AggregatedLog = await aggregateLog(source, 'till.csv', recipe, {
      randomAccess: ra,
      chunks: runner,
      chunkBytes
    })
    return { outcome: { cells: agg.groupBy.sortedCells(), lines: agg.lines } as Outcome, ranges, whole }
  } catch (e) {
    if (e instanceof CsvImportError) return { outcome: { issues: e.issues } as Outcome, ranges, whole }
    throw e
  } finally {
    await ra.close()
  }
}

/** The one-reader result, read from the file's bytes. */
async function single(text: string): Promise<Outcome> {
  try {
    const agg = await aggregateLog(chunks(text), 'till.csv', recipe)
    return { cells: agg.groupBy.sortedCells(), lines: agg.lines }
  } catch (e) {
    if (e instanceof CsvImportError) return { issues: e.issues }
    throw e
  }
}

/** Everything equal; the weighted means (price, list price, cost) to 1e-12 relative (their sums add in range order). */
function expectClose(a: Outcome, b: Outcome) {
  if (!('cells' in a) || !('cells' in b)) return expect(a).toEqual(b)
  expect(a.lines).toBe(b.lines)
  expect(a.cells.length).toBe(b.cells.length)
  const means = (c: PanelCell) => [c.price, c.listPrice, c.cost]
  const rest = (c: PanelCell) => ({ ...c, price: 0, listPrice: 0, cost: 0 })
  a.cells.forEach((c, i) => {
    expect(rest(c)).toEqual(rest(b.cells[i]))
    means(c).forEach((x, k) => {
      const y = means(b.cells[i])[k]
      if (Number.isNaN(y)) expect(x).toBeNaN()
      else expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-12 * Math.abs(y))
    })
  })
}

describe('a large CSV log read by byte ranges (worker threads) gives the one-reader panel', () => {
  for (const seed of [1, 2, 3])
    it(`seed ${seed}: clean and faulty logs, ranges merged in file order whatever order they finish in`, async () => {
      const dir = tempDir()
      for (const faults of [false, true]) {
        const text = logOf(seed, faults)
        const path = writeFile(dir, `till-${seed}-${faults}.csv`, text)
        const one = await single(text)
        if (!faults) expect('cells' in one).toBe(true)
        const results: Outcome[] = []
        for (const order of Object.values(ORDERS)) {
          const r = await run(path, 2048, order)
          expect(r.ranges).toBeGreaterThan(20)
          // Seed 1's clean log is merged from its ranges; the others have a quoted line break across a range end.
          if (seed === 1 && !faults) expect(r.whole).toBe(false)
          expectClose(r.outcome, one)
          results.push(r.outcome)
        }
        // Deterministic: the same bits whatever order the ranges were read in.
        expect(results[1]).toEqual(results[0])
        expect(results[2]).toEqual(results[0])
        // Problems are reported exactly as one reader reports them (file lines, columns, messages).
        if ('issues' in one) expect(results[0]).toEqual(one)
      }
    })

  it('numbers the lines of later ranges as lines of the file (returns that cannot be netted)', async () => {
    const lines = ['sold_at,store,sku,brand,units,unit_price,on_feature,unit_cost']
    for (let i = 0; i < 3000; i++)
      lines.push(`2025-02-${String(1 + (i % 27)).padStart(2, '0')},S1,A,Acme,2,1.5,0,`)
    lines.push('2025-03-20,S9,Z,Acme,-4,2,0,') // line 3002: a return with no sale, near the end
    const text = lines.join('\n') + '\n'
    const path = writeFile(tempDir(), 'late-return.csv', text)
    const r = await run(path, 4096)
    expect(r.ranges).toBeGreaterThan(5)
    expect(r.whole).toBe(false)
    expect(r.outcome).toEqual(await single(text))
    expect((r.outcome as { issues: { line: number }[] }).issues.map((i) => i.line)).toEqual([3002])
  })

  it('a quoted field holding a line break across a range end: the log is read whole by one reader', async () => {
    const row = (i: number) => `2025-02-0${1 + (i % 9)},S${i % 3},A,Acme,1,${1 + (i % 7) / 4},0,`
    const head = 'sold_at,store,sku,brand,units,unit_price,on_feature,unit_cost\n'
    let text = head
    for (let i = 0; text.length < 4096 - 40; i++) text += row(i) + '\n'
    // A store name with 200 line breaks starts before the first range end (byte 4096) and ends after it;
    // after the split the text looks like plain lines with one more quote.
    const note = Array.from({ length: 200 }, (_, k) => `2025-02-01,S${k},A,Acme,1,1.25,0,`).join('\n')
    text += `2025-02-01,"S1 ${note}",A,Acme,1,1.5,0,\n`
    for (let i = 0; i < 400; i++) text += row(i) + '\n'
    const path = writeFile(tempDir(), 'quoted.csv', text)
    const one = await single(text)
    expect('cells' in one).toBe(true)
    const r = await run(path, 4096)
    expect(r.ranges).toBeGreaterThan(2)
    expect(r.whole).toBe(true)
    expect(r.outcome).toEqual(one)
  })

  it('a small log, or a log whose header is quoted, is read by one reader', async () => {
    const text = logOf(1, false)
    const dir = tempDir()
    expect((await run(writeFile(dir, 'small.csv', text), text.length)).ranges).toBe(0)
    const quoted = text.replace(/^sold_at,/, '"sold_at",')
    const r = await run(writeFile(dir, 'quoted-header.csv', quoted), 2048)
    expect(r.ranges).toBe(0)
    expect(r.outcome).toEqual(await single(quoted))
  })
})
