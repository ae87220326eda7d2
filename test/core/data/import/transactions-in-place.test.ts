import { describe, expect, it } from 'vitest'
import { chunks } from '../../../helpers'
import { aggregateLog } from '../../../../src/core/data/import/aggregate/aggregate-log'
import { CsvImportError } from '../../../../src/core/data/csv/errors'
import type { TransactionRecipeInput } from '../../../../src/shared/transactions'
import { aggregateLog as aggregateLogBefore } from './reference/aggregate-log'
import { rng, tillLog } from './reference/till-log'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { tempDir, writeFile } from '../../../helpers'
import { openRandomAccess } from '../../../../src/backend/random-access'
import { tillRecipe } from './reference/till-log'

const recipe = (over: Partial<TransactionRecipeInput> = {}) =>
  tillRecipe({ segments: ['brand'], cost: 'unit_cost', ...over })

type Outcome = { cells: unknown[]; lines: number } | { issues: unknown }

async function outcome(
  run: () => Promise<{ lines: number; groupBy: { sortedCells(): unknown[] } }>
): Promise<Outcome> {
  try {
    const agg = await run()
    return { cells: agg.groupBy.sortedCells(), lines: agg.lines }
  } catch (e) {
    if (e instanceof CsvImportError) return { issues: e.issues }
    throw e
  }
}

/** The cells as plain values, numbers by their bits (Object.is: -0 and NaN count). */
function cellValues(cells: unknown[], before: boolean): unknown[] {
  return cells.map((x) => {
    const c = x as Record<string, unknown>
    const mean = (v: unknown) => (before ? (v as { value(): number }).value() : v)
    const flagged = before ? Array.from(c.flagged as Float64Array) : c.flagged
    return [
      c.item,
      c.segments,
      c.day,
      c.net,
      c.sold,
      mean(c.price),
      mean(c.listPrice),
      flagged,
      mean(c.cost),
      c.itemOrder
    ]
  })
}

function expectSame(now: Outcome, before: Outcome): void {
  if ('issues' in before) {
    expect(now).toEqual(before)
    return
  }
  expect('cells' in now, JSON.stringify(now).slice(0, 400)).toBe(true)
  if (!('cells' in now)) return
  expect(now.lines).toBe(before.lines)
  const a = cellValues(now.cells, false)
  const b = cellValues(before.cells, true)
  expect(a.length).toBe(b.length)
  // toEqual treats -0 and 0 alike; Object.is on each number does not.
  a.forEach((row, i) =>
    expect(JSON.stringify(row, (_k, v) => (Object.is(v, -0) ? '-0' : v))).toBe(
      JSON.stringify(b[i], (_k, v) => (Object.is(v, -0) ? '-0' : v))
    )
  )
}

describe('the in-place line reader gives exactly the panel (and the issues) of the string-keyed group-by it replaced', () => {
  for (const seed of [1, 2, 3])
    for (const sep of [',', ';'] as const)
      it(`seed ${seed}, "${sep}" logs, clean and with faults, cut into chunks of several sizes`, async () => {
        for (const faults of [false, true]) {
          const log = tillLog(seed, faults, sep)
          expect(log.length).toBeGreaterThan(65536 * 1.5) // past the delimiter sniffing: read chunk by chunk
          const opts = { decimal: sep === ';' ? (',' as const) : ('.' as const) }
          for (const over of [
            {},
            { bucket: 'day' as const },
            { bucket: 'month' as const, list_price: 'list' }
          ]) {
            const r = recipe(over)
            const before = await outcome(() => aggregateLogBefore(chunks(log, 65536), 'log.csv', r, opts))
            if (!faults) expect('cells' in before, JSON.stringify(before).slice(0, 600)).toBe(true)
            else expect('issues' in before).toBe(true)
            for (const size of [7, 4093, 65536]) {
              const now = await outcome(() => aggregateLog(chunks(log, size), 'log.csv', r, opts))
              expectSame(now, before)
            }
          }
        }
      })
})

/**
 * A typed Parquet till log (about 3,000 rows, row groups of 500) in the types warehouses write:
 * TIMESTAMP or text times, text or integer item keys, INT32 or INT64 units, DOUBLE prices with
 * -0, BOOLEAN / integer / text flags, nullable costs; with `faults`, values the import refuses.
 */
function parquetTill(seed: number, faults: boolean): Uint8Array {
  const r = rng(seed)
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]
  const n = 3000
  const textTime = seed % 2 === 0
  const bigUnits = seed % 3 !== 0
  const flagKind = seed % 3
  const rows = Array.from({ length: n }, (_, i) => {
    const ms =
      Date.UTC(2025, 1, 1) +
      Math.floor(r() * 40) * 86_400_000 +
      (r() < 0.3 ? 0 : Math.floor(r() * 86_400) * 1000)
    const sku = 1 + Math.floor(r() * 5)
    const ret = i > 0 && r() < 0.08
    return {
      time: textTime
        ? pick([
            new Date(ms).toISOString().slice(0, 19).replace('T', ' '),
            ` ${new Date(ms).toISOString().slice(0, 10)}`
          ])
        : new Date(ms),
      store: pick(['S1', 'S2', ' S3', 'Café']),
      sku,
      brand: ['Acme', 'Brio', 'Acme', 'Dora', 'Elm'][sku - 1],
      units: ret ? -1 : 1 + Math.floor(r() * 3),
      price: pick([1.5, 2, 2.25, 19.99, 0.1 + 0.2]),
      flag:
        flagKind === 0 ? r() < 0.3 : flagKind === 1 ? pick([0, 1, 2]) : pick(['yes', 'No', '', '1', ' t ']),
      cost: r() < 0.2 ? null : pick([1, 0.7, -0])
    }
  })
  if (faults)
    for (let k = 0; k < 6; k++) {
      const row = rows[Math.floor(r() * n)]
      const fault = pick(['price0', 'nan', 'store', 'brand', 'time'])
      if (fault === 'price0' && row.units > 0) row.price = 0
      if (fault === 'nan') row.price = NaN
      if (fault === 'store') row.store = '  '
      if (fault === 'brand') row.brand = 'Zeta'
      if (fault === 'time' && textTime) row.time = '2025-02-30'
    }
  const buf = parquetWriteBuffer({
    columnData: [
      { name: 'sold_at', data: rows.map((x) => x.time), type: textTime ? 'STRING' : 'TIMESTAMP' },
      { name: 'store', data: rows.map((x) => x.store), type: 'STRING' },
      { name: 'sku', data: Int32Array.from(rows.map((x) => x.sku)), type: 'INT32' },
      { name: 'brand', data: rows.map((x) => x.brand), type: 'STRING' },
      { name: 'note', data: rows.map(() => pick(['a', 'b'])), type: 'STRING' },
      bigUnits
        ? { name: 'units', data: BigInt64Array.from(rows.map((x) => BigInt(x.units))), type: 'INT64' }
        : { name: 'units', data: Int32Array.from(rows.map((x) => x.units)), type: 'INT32' },
      { name: 'unit_price', data: Float64Array.from(rows.map((x) => x.price)), type: 'DOUBLE' },
      flagKind === 0
        ? { name: 'on_feature', data: rows.map((x) => x.flag as boolean), type: 'BOOLEAN' }
        : flagKind === 1
          ? { name: 'on_feature', data: Int32Array.from(rows.map((x) => x.flag as number)), type: 'INT32' }
          : { name: 'on_feature', data: rows.map((x) => x.flag as string), type: 'STRING' },
      { name: 'unit_cost', data: rows.map((x) => x.cost), type: 'DOUBLE' },
      { name: 'last', data: rows.map(() => 'z'), type: 'STRING' }
    ],
    rowGroupSize: 500
  })
  return new Uint8Array(buf)
}

describe('the columnar Parquet reader gives exactly the panel (and the issues) of the row-by-row text reader it replaced', () => {
  for (const seed of [1, 2, 3, 4, 5, 6])
    it(`seed ${seed}: clean and with faults, weekly and monthly`, async () => {
      const dir = tempDir()
      for (const faults of [false, true]) {
        const path = writeFile(dir, `till-${seed}-${faults}.parquet`, parquetTill(seed, faults))
        for (const over of [{}, { bucket: 'month' as const }]) {
          const r = recipe(over)
          const read = async (fn: typeof aggregateLog | typeof aggregateLogBefore) => {
            const ra = await openRandomAccess(path)
            try {
              return await outcome(() =>
                fn(chunks(new Uint8Array(0)), 'till.parquet', r, { randomAccess: ra })
              )
            } finally {
              await ra.close()
            }
          }
          const before = await read(aggregateLogBefore)
          if (!faults) expect('cells' in before, JSON.stringify(before).slice(0, 600)).toBe(true)
          expectSame(await read(aggregateLog), before)
        }
      }
    })
})
