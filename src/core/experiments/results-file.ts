import type { ByteSource } from '../data/csv/reader'
import { readCsv } from '../data/csv/reader'
import { CsvImportError } from '../data/csv/errors'
import type { CsvIssue } from '../../shared/errors'
import { MAX_ISSUES } from '../data/import/plan'

/** One row of a results file: what one unit saw and did during the test. */
export interface ResultRow {
  unit: string
  arm: string
  exposures: number
  conversions: number
  revenue: number
  /** The price the unit was shown, when the file has it. */
  price: number | null
  /** 1-based line in the results file (for problems reported by line). */
  line?: number
  /** The cluster the unit was randomized with (e.g. its teacher), when the file or the plan says. */
  cluster?: string | null
  /** The unit's revenue before the test (a pre-period covariate for CUPED), when known. */
  pre?: number | null
  /** The period of the row (a switchback test reports one row per unit and period), when the file has it. */
  period?: string | null
}

const COLUMNS = {
  unit: ['unit', 'unit_id', 'id'],
  arm: ['arm', 'group', 'variant'],
  exposures: ['exposures', 'visitors', 'views'],
  conversions: ['conversions', 'enrollments', 'orders'],
  revenue: ['revenue', 'tokens']
} as const
const CLUSTER = ['cluster', 'cluster_id', 'teacher_id']
const PRE = ['pre_revenue', 'pre_period_revenue', 'baseline_revenue']
const PERIOD = ['period', 'week', 'date']

export interface ResultsFile {
  rows: ResultRow[]
  /** 0-based columns of the unit and the arm, to report plan problems at the right place. */
  columns: { unit: number; arm: number }
}

/**
 * Reads a results CSV (unit, arm, exposures, conversions, revenue; optional price,
 * cluster, pre_revenue and period: one row per unit and period for a switchback test). Every problem is collected with its line and column; any
 * problem means no analysis at all, so a half-read file never produces a verdict.
 * Repeated units are not an error here: the plan check reports them with the others.
 */
export async function readResults(
  source: ByteSource,
  file: string,
  knownArms: string[] | null
): Promise<ResultRow[]> {
  return (await readResultsFile(source, file, knownArms)).rows
}

export async function readResultsFile(
  source: ByteSource,
  file: string,
  knownArms: string[] | null
): Promise<ResultsFile> {
  const issues: CsvIssue[] = []
  const rows: ResultRow[] = []
  let at: Record<keyof typeof COLUMNS, number> | null = null
  let header: string[] = []
  let priceAt = -1
  let clusterAt = -1
  let preAt = -1
  let periodAt = -1
  await readCsv(source, { file }, (fields, line) => {
    if (!at) {
      header = fields.map((f) => f.trim())
      const lower = header.map((h) => h.toLowerCase())
      const found = Object.fromEntries(
        Object.entries(COLUMNS).map(([k, names]) => [
          k,
          lower.findIndex((h) => (names as readonly string[]).includes(h))
        ])
      ) as Record<keyof typeof COLUMNS, number>
      const missing = Object.entries(found).filter(([, v]) => v < 0)
      for (const [k] of missing)
        issues.push({
          file,
          line,
          column: 1,
          message: `missing column "${k}" (accepted names: ${COLUMNS[k as keyof typeof COLUMNS].join(', ')})`
        })
      if (missing.length) return false
      priceAt = lower.indexOf('price')
      clusterAt = lower.findIndex((h) => CLUSTER.includes(h))
      preAt = lower.findIndex((h) => PRE.includes(h))
      periodAt = lower.findIndex((h) => PERIOD.includes(h))
      at = found
      return
    }
    if (fields.length === 1 && fields[0].trim() === '') return
    const cols = at
    const problem = (k: number, message: string) => {
      if (issues.length < MAX_ISSUES)
        issues.push({ file, line, column: k + 1, columnName: header[k], message })
    }
    const num = (k: number, name: string, integer: boolean): number => {
      const raw = (fields[k] ?? '').trim()
      const v = Number(raw)
      if (raw === '' || !Number.isFinite(v)) problem(k, `${name} must be a number, found "${raw}"`)
      else if (v < 0) problem(k, `${name} cannot be negative (${raw})`)
      else if (integer && !Number.isInteger(v)) problem(k, `${name} must be a whole count (${raw})`)
      return v
    }
    const unit = (fields[cols.unit] ?? '').trim()
    const arm = (fields[cols.arm] ?? '').trim()
    if (!unit) problem(cols.unit, 'the unit is empty')
    if (!arm) problem(cols.arm, 'the arm is empty')
    else if (knownArms && !knownArms.includes(arm))
      problem(cols.arm, `unknown arm "${arm}" (the plan has ${knownArms.join(', ')})`)
    const exposures = num(cols.exposures, 'exposures', true)
    const conversions = num(cols.conversions, 'conversions', true)
    const revenue = num(cols.revenue, 'revenue', false)
    if (exposures >= 0 && conversions > exposures)
      problem(cols.conversions, `${conversions} conversions out of ${exposures} exposures`)
    let price: number | null = null
    if (priceAt >= 0 && (fields[priceAt] ?? '').trim() !== '') {
      price = Number(fields[priceAt])
      if (!(price > 0)) problem(priceAt, `price must be positive, found "${fields[priceAt]}"`)
    }
    const cluster = clusterAt >= 0 ? (fields[clusterAt] ?? '').trim() || null : null
    let pre: number | null = null
    if (preAt >= 0 && (fields[preAt] ?? '').trim() !== '') pre = num(preAt, 'pre_revenue', false)
    const period = periodAt >= 0 ? (fields[periodAt] ?? '').trim() || null : null
    rows.push({ unit, arm, exposures, conversions, revenue, price, line, cluster, pre, period })
    if (issues.length >= MAX_ISSUES) return false
  })
  if (!issues.length && !rows.length)
    issues.push({ file, line: 1, column: 1, message: 'the file has no result rows' })
  if (issues.length) throw new CsvImportError(issues)
  const c = at as Record<keyof typeof COLUMNS, number> | null
  return { rows, columns: { unit: c?.unit ?? 0, arm: c?.arm ?? 1 } }
}
