import { dayToIso, isoToDay } from '../../util/dates'
import type { Cell, CustomerColumn, CustomerTable } from './generate'
import { CustomerInputError } from './label'
import { farDateMessage, farDates } from '../../data/import/plausible-values'

/** What the window after the cutoff must show for a positive label. */
export type EventOutcome =
  { kind: 'churn' } | { kind: 'conversion'; event: string } | { kind: 'upsell'; above: number }

export interface EventLogSpec {
  customer: string
  time: string
  event?: string
  amount?: string
  /** YYYY-MM-DD; default: the window's length before the last event. */
  cutoff?: string
  window: number
  outcome: EventOutcome
}

/** Event types with their own count feature (the most frequent ones). */
const MAX_TYPES = 10
/** History a cutoff needs before it. */
const MIN_HISTORY_DAYS = 30

interface Parsed {
  ids: string[]
  first: Float64Array
  /** Per customer, its events' day, type and amount (in time order). */
  events: { day: number; type: string; amount: number }[][]
  firstDay: number
  lastDay: number
  types: string[]
}

function parse(table: CustomerTable, spec: EventLogSpec): Parsed {
  const col = (name: string | undefined, what: string): Cell[] | null => {
    if (name === undefined) return null
    const c = table.columns.find((x) => x.name === name)
    if (!c) throw new CustomerInputError(`the event log has no ${what} column "${name}"`, name)
    return c.values
  }
  const who = col(spec.customer, 'customer') as Cell[]
  const when = col(spec.time, 'time') as Cell[]
  const what = col(spec.event, 'event')
  const much = col(spec.amount, 'amount')
  const index = new Map<string, number>()
  const events: Parsed['events'] = []
  const typeCount = new Map<string, number>()
  let firstDay = Infinity
  let lastDay = -Infinity
  const days = when.map((w) => (w === null ? NaN : isoToDay(String(w))))
  refuseFarDates(days, spec.time)
  for (let i = 0; i < who.length; i++) {
    if (who[i] === null || when[i] === null) continue
    const day = days[i]
    if (!Number.isFinite(day))
      throw new CustomerInputError(
        `time column "${spec.time}" has "${when[i]}" in row ${i + 1}: expected a date (YYYY-MM-DD)`,
        spec.time
      )
    const id = String(who[i])
    let k = index.get(id)
    if (k === undefined) {
      index.set(id, (k = events.length))
      events.push([])
    }
    const type = what && what[i] !== null ? String(what[i]) : 'event'
    const amount = much && typeof much[i] === 'number' ? (much[i] as number) : 0
    events[k].push({ day, type, amount })
    typeCount.set(type, (typeCount.get(type) ?? 0) + 1)
    firstDay = Math.min(firstDay, day)
    lastDay = Math.max(lastDay, day)
  }
  for (const e of events) e.sort((a, b) => a.day - b.day)
  const types = [...typeCount.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_TYPES)
    .map((e) => e[0])
  return {
    ids: [...index.keys()],
    first: Float64Array.from(events, (e) => e[0].day),
    events,
    firstDay,
    lastDay,
    types
  }
}

/**
 * A date far from the log's others (one event in 2099 among 2025's) would move "today" and every
 * recency with it: refused before any feature is built, at its row (the import refuses it at its
 * file line; a log imported before that check, or with the time as text, is caught here).
 */
function refuseFarDates(days: number[], column: string): void {
  const far = farDates(days)
  if (!far) return
  const first = far.rows[0]
  const more = far.rows.length > 1 ? ` (and ${far.rows.length - 1} more rows)` : ''
  throw new CustomerInputError(
    `row ${first + 1} of the event log: ${farDateMessage(column, days[first], far.q1, far.q3)}${more}`,
    column
  )
}

/**
 * Every feature of a customer as of `day`, from events strictly before it (the
 * only events this function reads): tenure, recency, frequency (30/90 days, all),
 * monetary value (all, 90 days, mean) and counts per event type.
 */
function snapshot(p: Parsed, rows: number[], day: number, hasAmount: boolean): CustomerColumn[] {
  const names = [
    'tenure_days',
    'recency_days',
    'events_30d',
    'events_90d',
    'events_total',
    ...(hasAmount ? ['spend_total', 'spend_90d', 'mean_amount'] : []),
    ...(p.types.length > 1 ? p.types.map((t) => `count_${t}`) : [])
  ]
  const cols = names.map((name): CustomerColumn => ({ name, type: 'number', values: [] }))
  for (const r of rows) {
    let n = 0
    let n30 = 0
    let n90 = 0
    let spend = 0
    let spend90 = 0
    let last = -Infinity
    const byType = new Map<string, number>()
    for (const e of p.events[r]) {
      if (e.day >= day) break
      n++
      if (day - e.day <= 30) n30++
      if (day - e.day <= 90) {
        n90++
        spend90 += e.amount
      }
      spend += e.amount
      last = e.day
      byType.set(e.type, (byType.get(e.type) ?? 0) + 1)
    }
    const v: number[] = [day - p.first[r], day - last, n30, n90, n]
    if (hasAmount) v.push(spend, spend90, n ? spend / n : 0)
    if (p.types.length > 1) for (const t of p.types) v.push(byType.get(t) ?? 0)
    v.forEach((x, k) => cols[k].values.push(x))
  }
  return cols
}

function label(p: Parsed, r: number, from: number, to: number, o: EventOutcome): boolean {
  const inWindow = p.events[r].filter((e) => e.day >= from && e.day < to)
  if (o.kind === 'churn') return inWindow.length === 0
  if (o.kind === 'conversion') return inWindow.some((e) => e.type === o.event)
  return inWindow.reduce((s, e) => s + e.amount, 0) > o.above
}

/** The label column's name for an outcome. */
export function outcomeLabel(o: EventOutcome): string {
  return o.kind === 'churn' ? 'churn' : o.kind === 'conversion' ? `converted_${o.event}` : 'upsell'
}

/**
 * An event log as two customer tables, leak-free: `train` has each customer who
 * had an event before the cutoff, with features from before it and the label
 * from [cutoff, cutoff + window) (churn: no event; conversion: an event of the
 * type; upsell: spend above the amount); `current` has every customer with
 * features as of the day after the last event, to score today.
 */
export function eventLogTables(
  log: CustomerTable,
  spec: EventLogSpec
): { train: CustomerTable; current: CustomerTable; cutoff: string; label: string; scoredAsOf: string } {
  if (!(spec.window >= 1)) throw new CustomerInputError(`--window must be a number of days ≥ 1`, spec.time)
  const p = parse(log, spec)
  if (!p.ids.length)
    throw new CustomerInputError(`the event log has no rows with a customer and a time`, spec.customer)
  const cutoff = spec.cutoff ? isoToDay(spec.cutoff) : p.lastDay + 1 - spec.window
  if (!Number.isFinite(cutoff))
    throw new CustomerInputError(`cutoff "${spec.cutoff}" is not a date (YYYY-MM-DD)`, spec.time)
  if (cutoff - p.firstDay < MIN_HISTORY_DAYS || cutoff + spec.window > p.lastDay + 1)
    throw new CustomerInputError(
      `cutoff ${dayToIso(cutoff)} with a ${spec.window}-day window is outside the events of "${spec.time}" (${dayToIso(p.firstDay)} to ${dayToIso(p.lastDay)}): it needs ${MIN_HISTORY_DAYS} days before it and the whole window after it`,
      spec.time
    )
  if (spec.outcome.kind === 'conversion' && spec.event === undefined)
    throw new CustomerInputError(
      `--outcome conversion:${spec.outcome.event} needs --event COLUMN: the column whose values name the events (like "purchase")`,
      spec.time
    )
  if (
    spec.outcome.kind === 'conversion' &&
    !p.events.some((es) => es.some((e) => e.type === (spec.outcome as { event: string }).event))
  )
    throw new CustomerInputError(
      `event column "${spec.event}" has no event "${spec.outcome.event}"`,
      spec.event ?? spec.time
    )
  const hasAmount = spec.amount !== undefined
  const name = outcomeLabel(spec.outcome)
  const known = p.ids.map((_, r) => r).filter((r) => p.first[r] < cutoff)
  const labels = known.map((r) => (label(p, r, cutoff, cutoff + spec.window, spec.outcome) ? 'yes' : 'no'))
  const idCol = (rows: number[]): CustomerColumn => ({
    name: 'customer',
    type: 'text',
    values: rows.map((r) => p.ids[r])
  })
  const all = p.ids.map((_, r) => r)
  const today = p.lastDay + 1
  return {
    train: {
      columns: [
        idCol(known),
        ...snapshot(p, known, cutoff, hasAmount),
        { name, type: 'text', values: labels }
      ]
    },
    current: {
      columns: [
        idCol(all),
        ...snapshot(p, all, today, hasAmount),
        { name, type: 'text', values: all.map(() => null) }
      ]
    },
    cutoff: dayToIso(cutoff),
    label: name,
    scoredAsOf: dayToIso(today)
  }
}
