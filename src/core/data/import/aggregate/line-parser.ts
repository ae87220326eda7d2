import type { TransactionRecipe } from '../../../../shared/transactions'
import type { CsvIssue } from '../../../../shared/errors'
import { isValidIsoDate, parseDate } from '../../csv/dates'
import { isoToDay } from '../../../util/dates'
import type { SalesLine } from './group-by'
import type { DecimalSeparator } from '../../../../shared/data'

type Issue = Omit<CsvIssue, 'file'>

/** Where each recipe column sits in the log's header (0-based field index). */
export interface Positions {
  item: number[]
  segments: number[]
  time: number
  quantity: number
  price: number
  listPrice: number
  features: number[]
  cost: number
}

const TIME_OF_DAY = /^[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/
const TRUE_FLAGS = new Set(['1', 'true', 'yes', 'y', 't'])
const FALSE_FLAGS = new Set(['0', 'false', 'no', 'n', 'f', ''])
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/** The recipe's columns by role, for messages ("the item key column", …). */
function recipeColumns(r: TransactionRecipe): [string, string][] {
  return [
    ...r.item_by.map((c): [string, string] => ['item key', c]),
    ...(r.segments ?? []).map((c): [string, string] => ['segment', c]),
    ['time', r.time],
    ['quantity', r.quantity],
    ['price', r.price],
    ...(r.list_price ? [['list price', r.list_price] as [string, string]] : []),
    ...(r.features ?? []).map((c): [string, string] => ['promotion flag', c]),
    ...(r.cost ? [['cost', r.cost] as [string, string]] : [])
  ]
}

/**
 * Turns the log's fields into sales lines: finds the recipe's columns in the header, then
 * checks and converts each line's values, reporting a bad value with its line and column.
 */
export class LineParser {
  private pos: Positions | null = null
  private fieldCount = 0
  private readonly days = new Map<string, number>()

  constructor(
    readonly recipe: TransactionRecipe,
    private readonly decimal: DecimalSeparator = '.'
  ) {}

  /** Reads the header; the problems of a header that lacks a recipe column. */
  header(fields: string[]): Issue[] {
    const byName = new Map(fields.map((h, i) => [h.trim().toLowerCase(), i]))
    const issues: Issue[] = []
    const at = (role: string, c: string): number => {
      const i = byName.get(c.trim().toLowerCase())
      if (i === undefined)
        issues.push({
          line: 1,
          column: fields.length + 1,
          columnName: c,
          message: `the ${role} column "${c}" is not in the log (its columns: ${fields.join(', ')})`
        })
      return i ?? -1
    }
    for (const [role, c] of recipeColumns(this.recipe)) at(role, c)
    if (issues.length) return issues
    const r = this.recipe
    this.fieldCount = fields.length
    this.pos = {
      item: r.item_by.map((c) => at('item key', c)),
      segments: (r.segments ?? []).map((c) => at('segment', c)),
      time: at('time', r.time),
      quantity: at('quantity', r.quantity),
      price: at('price', r.price),
      listPrice: r.list_price ? at('list price', r.list_price) : -1,
      features: (r.features ?? []).map((c) => at('promotion flag', c)),
      cost: r.cost ? at('cost', r.cost) : -1
    }
    return []
  }

  /** Where each recipe column sits (after the header was read). */
  get positions(): Positions | null {
    return this.pos
  }

  /** The 1-based file column of the quantity and of each segment (after the header was read), for issues. */
  columnOf(role: 'quantity' | { segment: number }): number {
    const p = this.pos
    if (!p) return 1
    return 1 + (role === 'quantity' ? p.quantity : (p.segments[role.segment] ?? 0))
  }

  /** A sales line, or the problems of its values. */
  parse(fields: string[], line: number): SalesLine | Issue[] {
    const p = this.pos as Positions
    const issues: Issue[] = []
    if (fields.length !== this.fieldCount)
      return [
        {
          line,
          column: Math.min(fields.length, this.fieldCount) + 1,
          message: `expected ${this.fieldCount} fields, found ${fields.length} (a ragged row: check for a missing or extra delimiter)`
        }
      ]
    const bad = (i: number, message: string) =>
      issues.push({ line, column: i + 1, columnName: this.nameAt(i), message, found: fields[i] })
    const num = (i: number, what: string, required: boolean): number | null => {
      const raw = fields[i].trim()
      if (raw === '') {
        if (required) bad(i, `missing ${what}`)
        return null
      }
      const s = this.decimal === ',' ? raw.replace(',', '.') : raw
      const v = NUMBER.test(s) ? Number(s) : NaN
      if (!Number.isFinite(v)) bad(i, `expected ${what} (a number), found ${JSON.stringify(fields[i])}`)
      return v
    }
    const item = p.item.map((i) => fields[i].trim())
    p.item.forEach((i, k) => {
      if (item[k] === '') bad(i, 'missing item key value')
    })
    const day = this.day(fields[p.time].trim())
    if (day === null)
      bad(
        p.time,
        `expected a date or timestamp as ${this.recipe.date_format ?? 'YYYY-MM-DD (optionally with a time)'}, found ${JSON.stringify(fields[p.time])}`
      )
    const units = num(p.quantity, 'units', true)
    const price = num(p.price, 'a unit price', true)
    if (price !== null && Number.isFinite(price) && !(price > 0) && units !== null && units > 0)
      bad(p.price, `the unit price must be above 0 on a sale line, found ${JSON.stringify(fields[p.price])}`)
    const listPrice = p.listPrice >= 0 ? num(p.listPrice, 'a list price', true) : null
    const cost = p.cost >= 0 ? num(p.cost, 'a unit cost', false) : null
    const flags = p.features.map((i) => {
      const v = fields[i].trim().toLowerCase()
      if (TRUE_FLAGS.has(v)) return true
      if (FALSE_FLAGS.has(v)) return false
      const x = NUMBER.test(v) ? Number(v) : NaN
      if (Number.isFinite(x)) return x > 0
      bad(i, `expected a promotion flag (1/0, yes/no, true/false), found ${JSON.stringify(fields[i])}`)
      return false
    })
    if (issues.length) return issues
    return {
      line,
      item,
      segments: p.segments.map((i) => fields[i].trim()),
      day: day as number,
      units: units as number,
      price: price as number,
      listPrice,
      flags,
      cost
    }
  }

  nameAt(index: number): string | undefined {
    const p = this.pos
    if (!p) return undefined
    const r = this.recipe
    const k = p.item.indexOf(index)
    if (k >= 0) return r.item_by[k]
    const s = p.segments.indexOf(index)
    if (s >= 0) return (r.segments ?? [])[s]
    const f = p.features.indexOf(index)
    if (f >= 0) return (r.features ?? [])[f]
    if (index === p.time) return r.time
    if (index === p.quantity) return r.quantity
    if (index === p.price) return r.price
    if (index === p.listPrice) return r.list_price
    if (index === p.cost) return r.cost
    return undefined
  }

  /** The day of a date or timestamp (its calendar date as written), or null; dates are cached (a log has few). */
  day(s: string): number | null {
    const format = this.recipe.date_format ?? 'YYYY-MM-DD'
    if (format === 'YYYY-MM-DD') {
      const date = s.slice(0, 10)
      if (s.length > 10 && !TIME_OF_DAY.test(s.slice(10))) return null
      let d = this.days.get(date)
      if (d === undefined) {
        if (!isValidIsoDate(date)) return null
        d = isoToDay(date)
        this.days.set(date, d)
      }
      return d
    }
    let d = this.days.get(s)
    if (d === undefined) {
      const iso = parseDate(s, format)
      if (iso === null) return null
      d = isoToDay(iso)
      this.days.set(s, d)
    }
    return d
  }
}
