import { describe, expect, it } from 'vitest'
import { eventLogTables, type EventLogSpec } from '../../../src/core/propensity/customers/event-log'
import { CustomerInputError } from '../../../src/core/propensity/customers/label'
import type { CustomerTable } from '../../../src/core/propensity/customers/generate'
import { END, eventLog } from './event-log-fixture'
import { trainCustomers } from '../../../src/core/propensity/customers/train'
import { dayToIso, isoToDay } from '../../../src/core/util/dates'

const SPEC: EventLogSpec = {
  customer: 'user',
  time: 'ts',
  event: 'type',
  amount: 'amount',
  cutoff: dayToIso(END - 90),
  window: 60,
  outcome: { kind: 'churn' }
}

describe('event logs', () => {
  it('labels from the window after the cutoff, features only from before it (leak-free)', () => {
    const log = eventLog(400, 1)
    const a = eventLogTables(log, SPEC)
    expect(a.cutoff).toBe(SPEC.cutoff)
    expect(a.label).toBe('churn')
    // Rewrite every event on or after the cutoff: the features must not move, only labels may.
    const cutoff = isoToDay(SPEC.cutoff!)
    const scrambled: CustomerTable = {
      columns: log.columns.map((c) => ({
        ...c,
        values: c.values.map((v, i) =>
          isoToDay(String(log.columns[1].values[i])) >= cutoff
            ? c.name === 'amount'
              ? 999
              : c.name === 'type'
                ? 'purchase'
                : v
            : v
        )
      }))
    }
    const b = eventLogTables(scrambled, SPEC)
    const features = (t: CustomerTable) => t.columns.filter((c) => c.name !== 'churn').map((c) => c.values)
    expect(features(b.train)).toEqual(features(a.train))
    // Churn = no event at all in [cutoff, cutoff + 60): checked against the raw log.
    const ids = a.train.columns[0].values
    const lab = a.train.columns.find((c) => c.name === 'churn')!.values
    ids.forEach((id, r) => {
      const active = log.columns[0].values.some((u, i) => {
        const d = isoToDay(String(log.columns[1].values[i]))
        return u === id && d >= cutoff && d < cutoff + 60
      })
      expect(lab[r]).toBe(active ? 'no' : 'yes')
    })
    // Recency and tenure as of the cutoff are never negative (no event at or after it was read).
    for (const c of ['recency_days', 'tenure_days'])
      expect(Math.min(...(b.train.columns.find((x) => x.name === c)!.values as number[]))).toBeGreaterThan(0)
    expect(a.current.columns[0].values.length).toBeGreaterThanOrEqual(ids.length)
  })
  it('conversion and upsell labels; refusals name the column', () => {
    const log = eventLog(300, 2)
    const conv = eventLogTables(log, { ...SPEC, outcome: { kind: 'conversion', event: 'purchase' } })
    expect(conv.label).toBe('converted_purchase')
    const up = eventLogTables(log, { ...SPEC, outcome: { kind: 'upsell', above: 150 } })
    const yes = (t: CustomerTable, l: string) =>
      t.columns.find((c) => c.name === l)!.values.filter((v) => v === 'yes').length
    // Spending above 150 in the window implies a purchase in it.
    expect(yes(up.train, 'upsell')).toBeLessThan(yes(conv.train, 'converted_purchase'))
    expect(yes(up.train, 'upsell')).toBeGreaterThan(0)
    const refuse = (s: EventLogSpec) => {
      try {
        eventLogTables(log, s)
      } catch (e) {
        if (e instanceof CustomerInputError) return e
      }
      throw new Error('expected a refusal')
    }
    expect(refuse({ ...SPEC, cutoff: '2030-01-01' }).message).toMatch(/outside the events of "ts"/)
    expect(refuse({ ...SPEC, outcome: { kind: 'conversion', event: 'refund' } }).message).toMatch(
      /"type" has no event "refund"/
    )
    expect(refuse({ ...SPEC, customer: 'uid' }).column).toBe('uid')
  })
  it.each([3, 4])(
    'seed %i: churn from the log is predictable (recency, frequency) and every customer is scored today',
    (seed) => {
      const t = eventLogTables(eventLog(3000, seed), SPEC)
      const { report: r, current } = trainCustomers(
        t.train,
        { dataset: 'events', label: t.label, id: 'customer' },
        undefined,
        {
          score: t.current,
          cutoff: t.cutoff,
          windowDays: SPEC.window,
          scoredAsOf: t.scoredAsOf
        }
      )
      expect(r.cutoff).toBe(SPEC.cutoff)
      expect(r.window_days).toBe(60)
      expect(r.models.find((m) => m.name === r.best_model)!.auc).toBeGreaterThan(0.75)
      expect(r.ece_after).toBeLessThanOrEqual(0.05)
      expect(current.score.length).toBe(t.current.columns[0].values.length)
      expect(r.customers_scored).toBe(current.score.length)
    }
  )
})
