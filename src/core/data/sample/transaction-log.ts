import { quoteIdent, type Db } from '../../db/port'
import { findDataset } from '../datasets'
import { csvLine } from '../csv/writer'
import { isoToDay, dayToIso } from '../../util/dates'
import { WEEKDAYS, type TransactionRecipe } from '../../../shared/transactions'
import type { SampleKind } from '../../../shared/data'
import type { SampleLog } from '../../../shared/transactions/results'
import { RETAIL_DATASET } from './retail/write'
import { DomainError } from '../../../shared/domain-error'

/** One panel row of a sample: the cell a group of sales lines must add up to. */
interface PanelRow {
  item: string
  segment: string
  /** Other columns a till writes on every line (the store), carried as they are. */
  extra: (string | number)[]
  week: string
  price: number
  quantity: number
  flags: number[]
}

interface SampleLogShape {
  header: string[]
  recipe: TransactionRecipe
  rows: () => Iterable<PanelRow>
}

const RETAIL_LOG: Omit<SampleLogShape, 'rows'> = {
  header: ['sold_at', 'store', 'sku', 'brand', 'units', 'unit_price', 'on_feature', 'on_display'],
  recipe: {
    item_by: ['sku'],
    time: 'sold_at',
    bucket: 'week',
    week_start: 'monday',
    quantity: 'units',
    price: 'unit_price',
    segments: ['brand'],
    features: ['on_feature', 'on_display']
  }
}

const EDTECH_LOG: Omit<SampleLogShape, 'rows'> = {
  header: ['enrolled_at', 'course_id', 'category', 'seats', 'token_price'],
  recipe: {
    item_by: ['course_id'],
    time: 'enrolled_at',
    bucket: 'week',
    week_start: 'monday',
    quantity: 'seats',
    price: 'token_price',
    segments: ['category']
  }
}

function retailShape(db: Db): SampleLogShape {
  const ds = findDataset(db, RETAIL_DATASET)
  if (!ds)
    throw new DomainError('not_found', 'the project has no retail sample: generate it first (--kind retail)')
  return {
    ...RETAIL_LOG,
    rows: function* () {
      const it = db
        .prepare<{
          store: string
          brand: string
          item: string
          week: string
          price: number
          quantity: number
          feature: number
          display: number
        }>(
          `SELECT store, brand, item, week, price, quantity, feature, display FROM ${quoteIdent(ds.table)} ORDER BY rowid`
        )
        .all()
      for (const r of it)
        yield {
          item: r.item,
          segment: r.brand,
          extra: [r.store],
          week: r.week,
          price: r.price,
          quantity: r.quantity,
          flags: [r.feature, r.display]
        }
    }
  }
}

function edtechShape(db: Db): SampleLogShape {
  const n = (
    db.prepare<{ n: number }>('SELECT count(*) AS n FROM course_price_history').get() as { n: number }
  ).n
  if (!n) throw new DomainError('not_found', 'the project has no EdTech sample: generate it first')
  return {
    ...EDTECH_LOG,
    rows: function* () {
      const it = db
        .prepare<{
          course_id: number
          category: string
          week_start: string
          token_price: number
          enrollments: number
        }>(
          `SELECT h.course_id, c.category, h.week_start, h.token_price, h.enrollments
           FROM course_price_history h JOIN courses c USING (course_id) ORDER BY h.course_id, h.week_start`
        )
        .all()
      for (const r of it)
        yield {
          item: String(r.course_id),
          segment: r.category,
          extra: [],
          week: r.week_start,
          price: r.token_price,
          quantity: r.enrollments,
          flags: []
        }
    }
  }
}

/** A time of day for the k-th line of a cell: spread over opening hours, whole seconds. */
function stamp(day: number, k: number): string {
  const seconds = 8 * 3600 + ((k * 2_741) % (12 * 3600))
  const hh = String(Math.floor(seconds / 3600)).padStart(2, '0')
  const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')
  const ss = String(seconds % 60).padStart(2, '0')
  return `${dayToIso(day)} ${hh}:${mm}:${ss}`
}

/**
 * The sales lines of one panel cell: baskets of 1–3 units spread over the week's days, all at
 * the week's price and flags, so that their aggregation is the cell exactly. A week without
 * sales is a sale and its return (a void) on the same day: net 0 units at the week's price.
 */
function* cellLines(r: PanelRow): Generator<(string | number)[]> {
  const start = isoToDay(r.week)
  const line = (k: number, units: number) => {
    const day = start + (k % 7)
    // Time-stamped lines of a cell; the flags are 1/0 as tills write them.
    return [stamp(day, k), ...r.extra, r.item, r.segment, units, r.price, ...r.flags]
  }
  if (r.quantity === 0) {
    yield line(0, 1)
    yield line(0, -1)
    return
  }
  let left = r.quantity
  for (let k = 0; left > 0; k++) {
    const units = Math.min(left, 1 + (k % 3))
    left -= units
    yield line(k, units)
  }
}

/**
 * Writes a sample's transaction log as CSV (header first): the sales lines whose aggregation
 * with the returned recipe is the sample's panel, row for row (retail: the `retail_sample`
 * dataset; EdTech: the weekly course price history). Lines come item by item, as a till
 * export sorted by SKU and time.
 */
export function writeSampleLog(db: Db, kind: SampleKind, write: (chunk: string) => void): SampleLog {
  const shape = kind === 'retail' ? retailShape(db) : edtechShape(db)
  let weekStart: number | null = null
  let lines = 0
  let rows = 0
  let buffer = csvLine(shape.header)
  for (const r of shape.rows()) {
    const weekday = (((isoToDay(r.week) + 4) % 7) + 7) % 7
    if (weekStart === null) weekStart = weekday
    else if (weekday !== weekStart)
      throw new DomainError(
        'invalid_input',
        `the sample's weeks do not all start on the same weekday (${r.week})`
      )
    rows++
    for (const l of cellLines(r)) {
      buffer += csvLine(l)
      lines++
    }
    if (buffer.length > 1 << 20) {
      write(buffer)
      buffer = ''
    }
  }
  write(buffer)
  return {
    recipe: { ...shape.recipe, week_start: WEEKDAYS[weekStart ?? 1] },
    lines,
    rows
  }
}
