/**
 * Values no analysis should ever see, found while a file is imported: a price or a
 * quantity beyond any real one (1e308 gave elasticities of 0.0003 and blank prices),
 * any number so large that its sums, squares or logs overflow, and a date so far from
 * the column's other dates that it can only be a typo (one event in 2099 made a log
 * "scored as of 2100-01-01"). Each is refused at its file line and column.
 */
import type { CsvIssue } from '../../../shared/errors'
import type { DatasetRoles } from '../../../shared/data/roles'
import { dayToIso, isoToDay } from '../../util/dates'

/** Above any price, quantity or cost a table of sales can hold (a trillion). */
export const MAX_ROLE_MAGNITUDE = 1e12
/** Above this, a square overflows and a sum of squares loses every digit: no column may hold it. */
export const MAX_MAGNITUDE = 1e100

type Located = Omit<CsvIssue, 'file'>

interface NumberColumn {
  at: number
  source: string
  index: number
  /** The sales role the column plays, or null for another numeric column. */
  role: string | null
}

const ROLES = ['price', 'quantity', 'cost', 'competitor'] as const

/** The role a dataset column plays among the numeric ones (price, quantity, cost, competitor). */
export function numericRole(roles: DatasetRoles | null, column: string): string | null {
  if (!roles) return null
  return ROLES.find((r) => roles[r] === column) ?? null
}

/** The issue of one number, or null when it is plausible. */
export function magnitudeIssue(
  value: number,
  col: { source: string; index: number; role: string | null },
  line: number
): Located | null {
  const abs = Math.abs(value)
  const limit = col.role ? MAX_ROLE_MAGNITUDE : MAX_MAGNITUDE
  if (abs <= limit) return null
  const what = col.role ? `any ${col.role}` : 'what sums and logs can hold'
  return {
    line,
    column: col.index + 1,
    columnName: col.source,
    message: `${value} in column "${col.source}" is beyond ${what} (at most ${limit.toExponential(0)}): a typo or an overflow in the program that wrote the file? Correct the value or leave the cell blank`,
    found: String(value)
  }
}

/** Checks every number of the numeric columns as rows are read. */
export class MagnitudeCheck {
  constructor(private readonly columns: NumberColumn[]) {}

  static of(
    columns: { source: string; target: string; type: string; index: number }[],
    roles: DatasetRoles | null
  ): MagnitudeCheck {
    const numeric: NumberColumn[] = []
    columns.forEach((c, at) => {
      if (c.type === 'number' || c.type === 'integer')
        numeric.push({ at, source: c.source, index: c.index, role: numericRole(roles, c.target) })
    })
    return new MagnitudeCheck(numeric)
  }

  /** The problem of the row's values (in the insert's order), or null. */
  row(values: (k: number) => unknown, line: number): Located | null {
    for (const c of this.columns) {
      const v = values(c.at)
      if (typeof v !== 'number') continue
      const issue = magnitudeIssue(v, c, line)
      if (issue) return issue
    }
    return null
  }
}

/** How far beyond the bulk of a column's dates a date may lie, in units of the bulk's spread (at least a year). */
const FENCE_SPREADS = 10
const MIN_SPREAD_DAYS = 365

/** The range of days outside which a date is implausible, from the column's quartiles. */
export function dateFence(q1: number, q3: number): { low: number; high: number } {
  const spread = Math.max(q3 - q1, MIN_SPREAD_DAYS)
  return { low: q1 - FENCE_SPREADS * spread, high: q3 + FENCE_SPREADS * spread }
}

/** The quartiles of sorted values. */
function quartiles(sorted: ArrayLike<number>): { q1: number; q3: number } {
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))]
  return { q1: at(0.25), q3: at(0.75) }
}

/** Why a date is implausible beside the others, in words (years after / before the bulk). */
export function farDateMessage(column: string, day: number, q1: number, q3: number): string {
  const years = (d: number) => Math.round(d / 365.25)
  const where = day > q3 ? `${years(day - q3)} years after` : `${years(q1 - day)} years before`
  return `${dayToIso(day)} in column "${column}" is ${where} most of its dates (${dayToIso(q1)} to ${dayToIso(q3)}): a typo or a placeholder? Correct it or leave the cell blank`
}

/**
 * The dates of one column, kept small while rows stream by: a sample of the days for
 * the quartiles and the most extreme days with their lines, so that a far date is
 * refused at its line without holding the column in memory.
 */
export class DateSpread {
  private readonly sample: number[] = []
  private seen = 0
  private state = 0x9e3779b9
  private readonly highest: { day: number; line: number }[] = []
  private readonly lowest: { day: number; line: number }[] = []
  private lastValue = ''
  private lastDay = NaN

  constructor(
    readonly at: number,
    readonly source: string,
    readonly index: number
  ) {}

  see(value: unknown, line: number): void {
    if (typeof value !== 'string') return
    // Logs repeat a day on many lines in a row: parse each run of equal values once.
    if (value !== this.lastValue) {
      this.lastValue = value
      this.lastDay = isoToDay(value)
    }
    const day = this.lastDay
    if (!Number.isFinite(day)) return
    this.seen++
    if (this.sample.length < SAMPLE) this.sample.push(day)
    else {
      const k = this.next() % this.seen
      if (k < SAMPLE) this.sample[k] = day
    }
    keep(this.highest, { day, line }, (a, b) => b.day - a.day)
    keep(this.lowest, { day, line }, (a, b) => a.day - b.day)
  }

  /** The issues of the far dates (in line order), or none. */
  issues(): Located[] {
    if (this.seen < MIN_DATES) return []
    const { q1, q3 } = quartiles(Float64Array.from(this.sample).sort())
    const { low, high } = dateFence(q1, q3)
    return [...this.highest.filter((e) => e.day > high), ...this.lowest.filter((e) => e.day < low)]
      .sort((a, b) => a.line - b.line)
      .map((e) => ({
        line: e.line,
        column: this.index + 1,
        columnName: this.source,
        message: farDateMessage(this.source, e.day, q1, q3),
        found: dayToIso(e.day)
      }))
  }

  /** A small deterministic generator (xorshift): the same file always gives the same sample. */
  private next(): number {
    let x = this.state
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    this.state = x >>> 0
    return this.state
  }
}

/** Days sampled per date column for its quartiles. */
const SAMPLE = 4096
/** Extreme dates kept per side (reported with their lines). */
const EXTREMES = 20
/** Fewer dates than this have no bulk to compare with. */
export const MIN_DATES = 20

function keep<T>(list: T[], e: T, order: (a: T, b: T) => number): void {
  if (list.length === EXTREMES && order(e, list[list.length - 1]) >= 0) return
  list.push(e)
  list.sort(order)
  if (list.length > EXTREMES) list.pop()
}

/** Far dates among whole columns already in memory (an event log before a fit): their rows. */
export function farDates(days: ArrayLike<number>): { q1: number; q3: number; rows: number[] } | null {
  const finite = Array.from(days).filter((d) => Number.isFinite(d))
  if (finite.length < MIN_DATES) return null
  const { q1, q3 } = quartiles(Float64Array.from(finite).sort())
  const { low, high } = dateFence(q1, q3)
  const rows: number[] = []
  for (let i = 0; i < days.length; i++) if (days[i] > high || days[i] < low) rows.push(i)
  return rows.length ? { q1, q3, rows } : null
}
