import type { Db } from '../db/port'
import { sampleVersion } from '../data/sample/write'
import { findDataset, listDatasets } from '../data/datasets'
import { isoToDay } from '../util/dates'
import { retailPanelTruth } from '../data/sample/retail/truth'
import { negativeQuantityError } from './negative-quantities'
import { readDatasetColumns, type ItemSample } from './panel-columns'
import type { DatasetInfo } from '../../shared/data/results'
import type { SampledRows } from '../../shared/elasticity/model-results'
import { DomainError } from '../../shared/domain-error'
import { count } from '../../shared/format/numbers'

/** A control variable: never derived from price, so it may be used to debias the price effect. */
export interface Control {
  name: string
  kind: 'numeric' | 'categorical' | 'cyclic'
  values: Float64Array
  /** Categorical: the level names (values are level indices). */
  levels?: string[]
  /** Cyclic: the period (e.g. 52 weeks). */
  period?: number
}

/** Price and quantity observations per item and period, with controls: what every elasticity model trains on. */
export interface Panel {
  dataset: string
  version: number
  n: number
  item: Int32Array
  itemIds: string[]
  segment: Int32Array
  segments: string[]
  segmentName: string
  price: Float64Array
  quantity: Float64Array
  /** Average price of the row's segment in the same period: the reference for relative-price features. */
  refPrice: Float64Array
  controls: Control[]
  /** Period index per row (0 = first period), when the data has a period column: enables the time holdout. */
  period?: Int32Array
  /** True elasticity per segment, when the data was generated with a known answer. */
  truth: Record<string, number> | null
  warnings: string[]
  /** Set when the panel is a sample of the dataset (a row limit): how it was drawn, and of how much. */
  sampled?: SampledRows
  /**
   * Each item's mean log price over all its rows, where the panel holds only some of them (pricing's
   * digest keeps each item's latest rows): a model then sees the same price relative to it.
   */
  itemLogPrice?: Float64Array
}

export class PanelError extends DomainError {
  constructor(message: string) {
    super('invalid_input', message)
    this.name = 'PanelError'
  }
}

export const SAMPLE_DATASET = 'sample:course_price_history'
export const MIN_ROWS = 30

interface SampleRow {
  course_id: number
  week_start: string
  token_price: number
  enrollments: number
  category: string
  difficulty_level: string
  quality_tier: string
  quality_score: number | null
  launch_date: string
  teacher_quality: number
}

/**
 * The EdTech sample's weekly course panel (course × week: token price, enrollments) with its
 * controls: category, difficulty, quality tier and score, teacher quality, week of year,
 * course age and novelty; and the generator's true elasticities from ground_truth.
 */
export function loadSamplePanel(db: Db): Panel {
  const rows = db
    .prepare<SampleRow>(
      `SELECT h.course_id, h.week_start, h.token_price, h.enrollments, c.category, c.difficulty_level, c.quality_tier,
              c.quality_score, c.launch_date, t.quality_score AS teacher_quality
       FROM course_price_history h JOIN courses c USING (course_id) JOIN teachers t USING (teacher_id)
       ORDER BY h.course_id, h.week_start`
    )
    .all()
  if (rows.length === 0)
    throw new PanelError(
      'the project has no course price history: generate the sample data or choose an imported dataset'
    )
  const n = rows.length
  const cat = levels(rows.map((r) => r.category))
  const diff = levels(
    rows.map((r) => r.difficulty_level),
    ['Beginner', 'Intermediate', 'Advanced']
  )
  const tier = levels(
    rows.map((r) => r.quality_tier),
    ['Standard', 'Premium', 'Elite']
  )
  const items = levels(rows.map((r) => String(r.course_id)))
  const start = isoToDay(rows.reduce((m, r) => (r.week_start < m ? r.week_start : m), rows[0].week_start))
  const week = new Float64Array(n)
  const age = new Float64Array(n)
  const p = new Float64Array(n)
  const q = new Float64Array(n)
  const quality = new Float64Array(n)
  const teacher = new Float64Array(n)
  const period = new Int32Array(n)
  rows.forEach((r, i) => {
    const d = isoToDay(r.week_start)
    period[i] = Math.round((d - start) / 7)
    week[i] = period[i] % 52
    const a = (d - isoToDay(r.launch_date)) / 7
    age[i] = Math.max(0, a)
    p[i] = r.token_price
    q[i] = r.enrollments
    quality[i] = r.quality_score ?? 3.5
    teacher[i] = r.teacher_quality
  })
  const truthRows = db
    .prepare<{ key: string; value: number }>(
      "SELECT key, value FROM ground_truth WHERE scope = 'category' AND metric = 'elasticity'"
    )
    .all()
  const logAge = age.map((a) => Math.log1p(a))
  const novelty = age.map((a) => 1 / (1 + a))
  return finish({
    dataset: SAMPLE_DATASET,
    version: Math.max(1, sampleVersion(db)),
    n,
    item: items.codes,
    itemIds: items.names,
    segment: cat.codes,
    segments: cat.names,
    segmentName: 'category',
    price: p,
    quantity: q,
    refPrice: segmentPeriodMean(p, cat.codes, period),
    period,
    controls: [
      { name: 'category', kind: 'categorical', values: Float64Array.from(cat.codes), levels: cat.names },
      {
        name: 'difficulty_level',
        kind: 'categorical',
        values: Float64Array.from(diff.codes),
        levels: diff.names
      },
      {
        name: 'quality_tier',
        kind: 'categorical',
        values: Float64Array.from(tier.codes),
        levels: tier.names
      },
      { name: 'quality_score', kind: 'numeric', values: quality },
      { name: 'teacher_quality', kind: 'numeric', values: teacher },
      { name: 'week_of_year', kind: 'cyclic', values: week, period: 52 },
      { name: 'log_course_age', kind: 'numeric', values: logAge },
      { name: 'novelty', kind: 'numeric', values: novelty }
    ],
    truth: truthRows.length ? Object.fromEntries(truthRows.map((r) => [r.key, r.value])) : null,
    warnings: []
  })
}

/** The imported dataset `name`, refused unless it has price and quantity roles. */
export function pricedDataset(db: Db, name: string): PricedDataset {
  const ds = findDataset(db, name)
  if (!ds) throw new PanelError(`no dataset named "${name}"`)
  const { price, quantity } = ds.roles
  if (!price || !quantity)
    throw new PanelError(
      `dataset "${name}" needs price and quantity roles (map them when importing, or import it again)`
    )
  return { ...ds, roles: { ...ds.roles, price, quantity } }
}

type PricedDataset = DatasetInfo & { roles: DatasetInfo['roles'] & { price: string; quantity: string } }

/** An imported dataset with price and quantity roles; segments, period and features become controls. */
export function loadDatasetPanel(
  db: Db,
  name: string,
  opts: { segment?: string; controls?: string[]; sample?: ItemSample } = {}
): Panel {
  const ds = pricedDataset(db, name)
  const r = ds.roles
  const segmentCol = opts.segment ?? r.segments?.[0]
  const controlCols = opts.controls ?? [
    ...(r.segments ?? []).filter((s) => s !== segmentCol),
    ...(r.features ?? [])
  ]
  const typeOf = new Map(ds.columns.map((c) => [c.name, c.type]))
  for (const c of [segmentCol, r.item, r.period, ...controlCols].filter((x): x is string => !!x))
    if (!typeOf.has(c)) throw new PanelError(`dataset "${name}" has no column "${c}"`)
  const cols = [r.price, r.quantity, r.item, segmentCol, r.period, ...controlCols].filter(
    (x): x is string => !!x
  )
  const d = readDatasetColumns(
    db,
    ds.table,
    cols,
    {
      price: r.price,
      quantity: r.quantity,
      item: r.item,
      segment: segmentCol,
      period: r.period,
      periodIsDate: !!r.period && typeOf.get(r.period) === 'date',
      controls: controlCols.map((c) => ({
        name: c,
        numeric: typeOf.get(c) === 'integer' || typeOf.get(c) === 'number'
      }))
    },
    opts.sample
  )
  const n = d.n
  if (n < MIN_ROWS)
    throw new PanelError(`dataset "${name}" has ${n} rows; elasticity needs at least ${MIN_ROWS}`)
  for (const [c, missing] of d.missing)
    if (missing)
      throw new PanelError(
        `column "${c}" has ${missing} missing values: fill or drop those rows before estimating elasticity`
      )
  const { price, quantity } = d
  const badP = price.filter((x) => !(x > 0)).length
  if (badP)
    throw new PanelError(
      `column "${r.price}" has ${badP} prices that are zero or negative: log price needs positive prices`
    )
  const badQ = quantity.filter((x) => !(x >= 0)).length
  if (badQ) throw negativeQuantityError(db, name, r.quantity, badQ)
  if (price.every((x) => x === price[0]))
    throw new PanelError(`column "${r.price}" never changes: elasticity needs price variation`)
  const items = d.item
  const seg = d.segment ?? { codes: new Int32Array(n), names: ['All'] }
  const warnings: string[] = []
  if (d.sampled)
    warnings.push(
      `trained on a sample: ${count(d.sampled.items)} of ${count(d.sampled.of_items)} items (${count(d.sampled.rows)} of ${count(d.sampled.of_rows)} rows; ${d.sampled.method}, seed ${d.sampled.seed}); items outside it are priced with their segment's elasticity`
    )
  let period: Int32Array = new Int32Array(n)
  const controls: Control[] = []
  if (segmentCol && seg.names.length > 1)
    controls.push({
      name: segmentCol,
      kind: 'categorical',
      values: Float64Array.from(seg.codes),
      levels: seg.names
    })
  if (r.period && d.days) {
    const days = d.days
    let min = Infinity // a spread overflows the stack at ~500k rows
    for (let i = 0; i < n; i++) if (days[i] < min) min = days[i]
    period = Int32Array.from(days, (x) => Math.floor((x - min) / 7))
    const origin = isoToDay('2000-01-03')
    controls.push({
      name: `${r.period} (week of year)`,
      kind: 'cyclic',
      values: Float64Array.from(days, (x) => Math.floor(((x - origin) % 364) / 7)),
      period: 52
    })
    controls.push({ name: `${r.period} (trend)`, kind: 'numeric', values: Float64Array.from(period) })
  } else if (r.period && d.periodLevels && d.periodValues) {
    period = d.periodLevels.codes
    controls.push({ name: r.period, kind: 'numeric', values: d.periodValues })
  }
  for (const c of d.controls)
    controls.push(
      c.levels
        ? {
            name: c.name,
            kind: 'categorical',
            values: Float64Array.from(c.levels.codes),
            levels: c.levels.names
          }
        : { name: c.name, kind: 'numeric', values: c.values as Float64Array }
    )
  return finish({
    dataset: name,
    version: ds.version,
    n,
    item: items.codes,
    itemIds: items.names,
    segment: seg.codes,
    segments: seg.names,
    segmentName: segmentCol ?? 'all',
    price,
    quantity,
    refPrice: segmentPeriodMean(price, seg.codes, period),
    period: r.period ? period : undefined,
    controls,
    truth: retailPanelTruth(db, name, segmentCol),
    warnings,
    ...(d.sampled ? { sampled: d.sampled } : {})
  })
}

/** The features besides price the sample panel offers (loadSamplePanel builds them in this order). */
export const SAMPLE_CONTROLS = [
  'category',
  'difficulty_level',
  'quality_tier',
  'quality_score',
  'teacher_quality',
  'week_of_year',
  'log_course_age',
  'novelty'
]

/** The control names loadDatasetPanel will build for a dataset, without reading its rows. */
export function datasetControlNames(ds: DatasetInfo): string[] {
  const r = ds.roles
  const segment = r.segments?.[0]
  const type = new Map(ds.columns.map((c) => [c.name, c.type]))
  const names: string[] = []
  if (segment) names.push(segment)
  if (r.period)
    names.push(
      ...(type.get(r.period) === 'date' ? [`${r.period} (week of year)`, `${r.period} (trend)`] : [r.period])
    )
  names.push(...(r.segments ?? []).filter((x) => x !== segment), ...(r.features ?? []))
  return names
}

/** Datasets the elasticity models can use: the sample panel and every dataset with price and quantity roles. */
export function elasticitySources(db: Db): {
  id: string
  label: string
  rows: number
  segment: string | null
  period: string | null
  price: string
  quantity: string
  controls: string[]
}[] {
  const history = (
    db.prepare<{ n: number }>('SELECT count(*) AS n FROM course_price_history').get() as { n: number }
  ).n
  const sample = history
    ? [
        {
          id: SAMPLE_DATASET,
          label: 'Sample: weekly course prices',
          rows: history,
          segment: 'category',
          period: 'week',
          price: 'price (tokens)',
          quantity: 'enrollments',
          controls: SAMPLE_CONTROLS
        }
      ]
    : []
  const own = listDatasets(db)
    .filter((d) => d.roles.price && d.roles.quantity)
    .map((d) => ({
      id: d.name,
      label: d.name,
      rows: d.rows,
      segment: d.roles.segments?.[0] ?? null,
      period: d.roles.period ?? null,
      price: d.roles.price as string,
      quantity: d.roles.quantity as string,
      controls: datasetControlNames(d)
    }))
  return [...sample, ...own]
}

/** Keeps only the named controls (the analyst's choice of features); unknown names are an error. */
export function selectControls(panel: Panel, names: string[] | undefined): Panel {
  if (!names) return panel
  const known = new Set(panel.controls.map((c) => c.name))
  const unknown = names.filter((n) => !known.has(n))
  if (unknown.length)
    throw new PanelError(
      `unknown feature ${unknown.map((u) => `"${u}"`).join(', ')} (available: ${[...known].join(', ')})`
    )
  return { ...panel, controls: panel.controls.filter((c) => names.includes(c.name)) }
}

/** Drops constant controls (they carry no information and make the design singular), with a warning. */
function finish(p: Panel): Panel {
  const kept = p.controls.filter((c) => {
    const v = c.values
    const constant = v.every((x) => x === v[0])
    if (constant) p.warnings.push(`feature "${c.name}" is constant and was left out`)
    return !constant
  })
  if (p.n < 300)
    p.warnings.push(`only ${p.n} rows: estimates are unstable below a few hundred rows; read the intervals`)
  return { ...p, controls: kept }
}

function levels(values: string[], order?: string[]): { codes: Int32Array; names: string[] } {
  const names = order ? [...order] : []
  const index = new Map(names.map((v, i) => [v, i]))
  const codes = new Int32Array(values.length)
  values.forEach((v, i) => {
    let k = index.get(v)
    if (k === undefined) {
      k = names.length
      names.push(v)
      index.set(v, k)
    }
    codes[i] = k
  })
  if (!order) {
    // Stable, readable order: sort level names and remap.
    const sorted = [...names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    const at = new Map(sorted.map((nm, k) => [nm, k]))
    const remap = Int32Array.from(names, (nm) => at.get(nm) as number)
    for (let i = 0; i < codes.length; i++) codes[i] = remap[codes[i]]
    return { codes, names: sorted }
  }
  return { codes, names }
}

function segmentPeriodMean(price: Float64Array, seg: Int32Array, period: Int32Array): Float64Array {
  const sum = new Map<number, { s: number; n: number }>()
  const key = (i: number) => seg[i] * 1_000_003 + period[i]
  for (let i = 0; i < price.length; i++) {
    const k = key(i)
    const e = sum.get(k) ?? { s: 0, n: 0 }
    e.s += price[i]
    e.n++
    sum.set(k, e)
  }
  return Float64Array.from(price, (_, i) => {
    const e = sum.get(key(i)) as { s: number; n: number }
    return e.s / e.n
  })
}
