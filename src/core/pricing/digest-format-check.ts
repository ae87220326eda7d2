import { MAX_SAVED_MAGNITUDE } from '../db/saved-json'
import type { PricingDigest } from './digest'

/** A cached digest that does not read back as one PriceLab could have made (damaged, tampered, truncated). */
export class DigestFormatError extends Error {
  constructor(reason: string) {
    super(`the cached pricing digest is damaged: ${reason}`)
    this.name = 'DigestFormatError'
  }
}

type Rule = (v: number) => boolean
const finite: Rule = (v) => Number.isFinite(v) && Math.abs(v) <= MAX_SAVED_MAGNITUDE
const positive: Rule = (v) => finite(v) && v > 0
const nonNegative: Rule = (v) => finite(v) && v >= 0
const below =
  (n: number): Rule =>
  (v) =>
    Number.isInteger(v) && v >= 0 && v < n

/** Every value of `a` obeys `rule`, else the error names the array, the place and the value. */
function each(name: string, a: ArrayLike<number>, rule: Rule, what: string): void {
  for (let k = 0; k < a.length; k++)
    if (!rule(a[k])) throw new DigestFormatError(`${name}[${k}] is ${a[k]} (expected ${what})`)
}

/**
 * Every number of a decoded digest is one a digest can hold: codes inside their level lists, row
 * ranges that tile the rows, positive prices inside their item's observed range, non-negative
 * quantities and levels, ascending distinct prices whose counts add up, finite everything.
 */
export function checkDigestNumbers(d: PricingDigest): void {
  const p = d.panel
  const keys = d.names.length
  if (d.start[0] !== 0 || d.start[keys] !== p.n)
    throw new DigestFormatError(`its item row ranges do not cover its ${p.n} rows`)
  for (let k = 0; k < keys; k++) {
    if (d.start[k + 1] < d.start[k]) throw new DigestFormatError(`start[${k + 1}] is below start[${k}]`)
    if (!(positive(d.lo[k]) && positive(d.hi[k]) && d.lo[k] <= d.hi[k]))
      throw new DigestFormatError(`item ${k}'s price range is ${d.lo[k]}–${d.hi[k]}`)
    for (let i = d.start[k]; i < d.start[k + 1]; i++)
      if (!(p.price[i] >= d.lo[k] && p.price[i] <= d.hi[k]))
        throw new DigestFormatError(`row ${i}'s price ${p.price[i]} is outside item ${k}'s range`)
  }
  each('recent', d.recent, nonNegative, 'a quantity ≥ 0')
  each('origin', d.origin, below(d.prices.n), `a row number below ${d.prices.n}`)
  each('item', p.item, below(p.itemIds.length), `an item code below ${p.itemIds.length}`)
  each('segment', p.segment, below(p.segments.length), `a segment code below ${p.segments.length}`)
  each('price', p.price, positive, 'a price > 0')
  each('quantity', p.quantity, nonNegative, 'a quantity ≥ 0')
  each('refPrice', p.refPrice, positive, 'a reference price > 0')
  if (p.period) each('period', p.period, below(2 ** 31 - 1), 'a period ≥ 0')
  if (p.itemLogPrice) each('itemLogPrice', p.itemLogPrice, finite, 'a finite log price')
  for (const c of p.controls)
    if (c.kind === 'categorical')
      each(c.name, c.values, below(c.levels?.length ?? 0), `a level code below ${c.levels?.length ?? 0}`)
    else each(c.name, c.values, finite, 'a finite number')
  checkPrices(d)
}

function checkPrices(d: PricingDigest): void {
  const { values, counts, n } = d.prices
  each('prices', values, positive, 'a price > 0')
  each('price counts', counts, (v) => Number.isInteger(v) && v >= 1, 'a row count ≥ 1')
  let total = 0
  for (let k = 0; k < values.length; k++) {
    if (k > 0 && !(values[k] > values[k - 1]))
      throw new DigestFormatError(`its distinct prices are not ascending at ${k}`)
    total += counts[k]
  }
  if (total !== n) throw new DigestFormatError(`its price counts add up to ${total}, not its ${n} rows`)
}
