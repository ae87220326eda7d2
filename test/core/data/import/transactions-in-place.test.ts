import { describe, expect, it } from 'vitest'
import { chunks } from '../../../helpers'
import { aggregateLog } from '../../../../src/core/data/import/aggregate/aggregate-log'
import { CsvImportError } from '../../../../src/core/data/csv/errors'
import { transactionRecipeSchema, type TransactionRecipeInput } from '../../../../src/shared/transactions'
import { aggregateLog as aggregateLogBefore } from './reference/aggregate-log'

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const HEADER = ['sold_at', 'store', 'sku', 'brand', 'units', 'unit_price', 'list', 'on_feature', 'unit_cost']

/**
 * A till log of about 2,500 lines, written in the many ways real exports write values (padded,
 * quoted, NBSP, timestamps with zones, decimal commas, yes/no flags, CR / CRLF / LF, blank lines);
 * with `faults`, also lines the import must refuse (bad numbers and dates, ragged rows, a
 * segment that changes, a price of 0, returns that cannot be netted).
 */
function tillLog(seed: number, faults: boolean, sep: ',' | ';'): string {
  const r = rng(seed)
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]
  const comma = sep === ';'
  const num = (v: number, digits: number) => {
    const s = v.toFixed(digits)
    const spelled = pick([s, s, s, ` ${s} `, s.endsWith('.00') ? s.slice(0, -3) : s, `+${s}`, `${s}0`])
    return comma && r() < 0.7 ? spelled.replace('.', ',') : spelled
  }
  const quote = (s: string) =>
    s.includes(sep) || s.includes('"') || r() < 0.05 ? `"${s.replace(/"/g, '""')}"` : s
  const lines: string[] = [HEADER.join(sep)]
  const stores = ['S1', 'S2', 'Café', 'S"4', 'S 5']
  for (let i = 0; i < 2500; i++) {
    const day = 1 + Math.floor(r() * 27)
    const date = `2025-02-${String(day).padStart(2, '0')}`
    const time = pick([
      date,
      `${date} 09:15:00`,
      `${date}T09:15`,
      `${date}T23:59:59.125Z`,
      `${date} 10:00:00+01:00`,
      ` ${date} `
    ])
    const sku = pick(['A', 'B', 'C', 'D'])
    const store = pick(stores)
    const brand = { A: 'Acme', B: 'Brio', C: 'Acme', D: 'Dora' }[sku] as string
    const units = 1 + Math.floor(r() * 3)
    const price = pick([1.5, 2, 2.25, 3.1, 0.3, 19.99])
    const flag = pick(['1', '0', 'yes', 'No', 'TRUE', 'f', '', 'Y', '2', '0.5'])
    const cost = pick(['', '1.00', '0.7', '1e0'])
    const fields = [
      time,
      pick([store, ` ${store}`, `\u00a0${store}`]),
      sku,
      brand,
      num(units, 0),
      num(price, 2),
      num(3.5, 2),
      flag,
      cost
    ]
    lines.push(fields.map(quote).join(sep))
    if (r() < 0.1)
      lines.push([time, store, sku, brand, '-1', num(price, 2), '3.5', '0', ''].map(quote).join(sep))
    if (r() < 0.02) lines.push('')
    if (r() < 0.02)
      lines.push(
        [time, `"multi\nline ${store.replace(/"/g, '""')}"`, sku, brand, '1', '2', '3', '1', ''].join(sep)
      )
    if (faults && r() < 0.01)
      lines.push(
        pick([
          [date, store, sku, brand, 'two', '2', '3', '1', ''],
          ['2025-02-30', store, sku, brand, '1', '2', '3', '1', ''],
          [`${date}T9:00`, store, sku, brand, '1', '2', '3', '1', ''],
          [date, store, sku, 'Zeta', '1', '2', '3', '1', ''],
          [date, store, sku, brand, '1', '0', '3', '1', ''],
          [date, store, sku, brand, '1', '2', '3', 'maybe', ''],
          [date, store, sku, brand, '1', '2'],
          [date, 'S9', 'Z', brand, '-4', '2', '3', '0', ''],
          [date, '', sku, brand, '1', '2', '3', '1', '']
        ]).join(sep)
      )
  }
  const ends = lines.map((l, i) => (i === lines.length - 1 ? l : l + pick(['\n', '\n', '\r\n', '\r'])))
  return ends.join('')
}

const recipe = (over: Partial<TransactionRecipeInput> = {}) =>
  transactionRecipeSchema.parse({
    item_by: ['store', 'sku'],
    time: 'sold_at',
    bucket: 'week',
    quantity: 'units',
    price: 'unit_price',
    segments: ['brand'],
    features: ['on_feature'],
    cost: 'unit_cost',
    ...over
  })

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
