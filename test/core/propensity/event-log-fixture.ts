import type { Cell, CustomerTable } from '../../../src/core/propensity/customers/generate'
import { dayToIso, isoToDay } from '../../../src/core/util/dates'
import { Rng } from '../../../src/core/util/rng'

export const START = isoToDay('2025-01-01')
export const END = START + 400

/** Customers who join, visit and buy at their own rate, and stop (churn) after an engagement-dependent time. */
export function eventLog(n: number, seed: number): CustomerTable {
  const rng = new Rng(seed)
  const who: Cell[] = []
  const when: Cell[] = []
  const what: Cell[] = []
  const much: Cell[] = []
  for (let c = 0; c < n; c++) {
    const engagement = Math.exp(rng.normal(0, 0.7))
    const join = START + rng.int(250)
    const stop = join + rng.exponential(1 / (90 * engagement))
    for (let d = join; d < Math.min(stop, END); d += Math.max(1, rng.exponential(engagement / 12))) {
      const day = Math.floor(d)
      const buy = rng.next() < 0.3
      who.push(`U${c}`)
      when.push(dayToIso(day))
      what.push(buy ? 'purchase' : 'visit')
      much.push(buy ? Math.round(rng.uniform(10, 100)) : 0)
    }
  }
  return {
    columns: [
      { name: 'user', type: 'text', values: who },
      { name: 'ts', type: 'text', values: when },
      { name: 'type', type: 'text', values: what },
      { name: 'amount', type: 'number', values: much }
    ]
  }
}
