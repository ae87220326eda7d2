/** The fuzzed till logs of the aggregation tests. */
import { transactionRecipeSchema, type TransactionRecipeInput } from '../../../../../src/shared/transactions'

/** The recipe the till logs are read with: store × SKU items, weekly, units at the price paid, the feature flag. */
export const tillRecipe = (over: Partial<TransactionRecipeInput> = {}) =>
  transactionRecipeSchema.parse({
    item_by: ['store', 'sku'],
    time: 'sold_at',
    bucket: 'week',
    quantity: 'units',
    price: 'unit_price',
    features: ['on_feature'],
    ...over
  })

/** A small deterministic generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const HEADER = [
  'sold_at',
  'store',
  'sku',
  'brand',
  'units',
  'unit_price',
  'list',
  'on_feature',
  'unit_cost'
]

/**
 * A till log of about 2,500 lines, written in the many ways real exports write values (padded,
 * quoted, NBSP, timestamps with zones, decimal commas, yes/no flags, CR / CRLF / LF, blank lines);
 * with `faults`, also lines the import must refuse (bad numbers and dates, ragged rows, a
 * segment that changes, a price of 0, returns that cannot be netted).
 */
export function tillLog(seed: number, faults: boolean, sep: ',' | ';'): string {
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
