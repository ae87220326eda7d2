import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { openSqlite } from '../../src/backend/sqlite'
import { csvLine } from '../../src/core/data/csv/writer'
import { cli, tempDir, writeFile } from '../helpers'

type Row = Record<string, string | number>

/** Rows of a query on a project file (read-only). */
function query(db: string, sql: string): Row[] {
  const conn = openSqlite(db, { readonly: true })
  try {
    return conn.prepare<Row>(sql).all()
  } finally {
    conn.close()
  }
}

/** Every number of an elasticity --json report that is an estimate (per model and per segment). */
function estimates(report: {
  models: {
    name: string
    elasticity: number
    segments: { segment: string; elasticity: number; ci_low: number; ci_high: number }[]
  }[]
  segments: Record<string, unknown>[]
}): number[] {
  const out: number[] = []
  for (const m of report.models) {
    out.push(m.elasticity)
    for (const s of m.segments) out.push(s.elasticity, s.ci_low, s.ci_high)
  }
  for (const s of report.segments)
    for (const k of [
      'elasticity',
      'ci_low',
      'ci_high',
      'debiased',
      'debiased_ci_low',
      'debiased_ci_high',
      'recommended'
    ])
      out.push(typeof s[k] === 'number' ? (s[k] as number) : NaN)
  return out
}

async function elasticity(db: string, dataset: string, seed: number) {
  const r = await cli(
    'elasticity',
    '--db',
    db,
    '--dataset',
    dataset,
    '--models',
    'ols,gbm',
    '--seed',
    String(seed),
    '--json'
  )
  expect(r.code, r.err).toBe(0)
  return JSON.parse(r.out)
}

/**
 * Small samples (2 stores; 1% of the EdTech world): the round trip is exact at any size, and the
 * estimates still have rows and width in every segment.
 */
const SCALE = { retail: 0.02, edtech: 0.02 }

async function logToPanel(kind: 'retail' | 'edtech', seed: number) {
  const dir = tempDir()
  const db = join(dir, 'p.pricelab')
  const out = join(dir, 'log.csv')
  const g = await cli(
    'generate',
    '--db',
    db,
    '--kind',
    kind,
    '--seed',
    String(seed),
    '--scale',
    String(SCALE[kind]),
    '--as',
    'transactions',
    '--out',
    out,
    '--json'
  )
  expect(g.code, g.err).toBe(0)
  const { log } = JSON.parse(g.out)
  expect(log.lines).toBeGreaterThan(log.rows)
  // One CSV line per sales line after the header, none blank (so the file's line numbers are the log's).
  expect(readFileSync(out, 'utf8').split('\r\n')).toHaveLength(log.lines + 2)
  const r = log.recipe
  const flags = [
    ...[
      '--item-by',
      r.item_by.join(','),
      '--time',
      r.time,
      '--bucket',
      r.bucket,
      '--week-start',
      r.week_start
    ],
    ...['--price', r.price, '--quantity', r.quantity, '--segment', r.segments.join(',')],
    ...(r.features ? ['--features', r.features.join(',')] : [])
  ]
  const imp = await cli(
    'import',
    '--db',
    db,
    '--dataset',
    'from_log',
    '--transactions',
    ...flags,
    '--json',
    out
  )
  expect(imp.code, imp.err).toBe(0)
  expect(JSON.parse(imp.out)).toMatchObject({ rows: log.rows, lines: log.lines })
  return { dir, db }
}

describe('generate --as transactions: log → panel → elasticity equals the sample (seeds 1–3)', () => {
  for (const seed of [1, 2, 3])
    it(`retail, seed ${seed}: the panel equals retail_sample row for row; every estimate equal to 1e-9`, async () => {
      const { db } = await logToPanel('retail', seed)
      const sample = query(
        db,
        'SELECT item, brand, week, price, quantity, feature, display FROM ds_retail_sample ORDER BY rowid'
      )
      const built = query(
        db,
        'SELECT sku AS item, brand, sold_at AS week, unit_price AS price, units AS quantity, on_feature AS feature, on_display AS display FROM ds_from_log ORDER BY rowid'
      )
      expect(built.length).toBe(sample.length)
      expect(built).toEqual(sample)
      const a = estimates(await elasticity(db, 'retail_sample', seed))
      const b = estimates(await elasticity(db, 'from_log', seed))
      expect(b.length).toBe(a.length)
      a.forEach((x, i) =>
        Number.isNaN(x) ? expect(b[i]).toBeNaN() : expect(Math.abs(b[i] - x)).toBeLessThan(1e-9)
      )
    }, 240_000)

  for (const seed of [1, 2, 3])
    it(`EdTech, seed ${seed}: the panel equals the weekly course price history; every estimate equal to 1e-9`, async () => {
      const { dir, db } = await logToPanel('edtech', seed)
      const history = query(
        db,
        `SELECT CAST(h.course_id AS TEXT) AS course_id, c.category, h.week_start, h.token_price, h.enrollments
         FROM course_price_history h JOIN courses c USING (course_id) ORDER BY h.course_id, h.week_start`
      )
      const built = query(
        db,
        'SELECT course_id, category, enrolled_at AS week_start, token_price, seats AS enrollments FROM ds_from_log ORDER BY rowid'
      )
      expect(built.length).toBe(history.length)
      expect(built).toEqual(history)
      // The same history imported as a panel (as an analyst would export it) is the reference.
      const csv = writeFile(
        dir,
        'history.csv',
        [csvLine(Object.keys(history[0])), ...history.map((h) => csvLine(Object.values(h)))].join('')
      )
      const imp = await cli(
        'import',
        ...['--db', db, '--dataset', 'history', '--item', 'course_id', '--segment', 'category'],
        ...['--period', 'week_start', '--price', 'token_price', '--quantity', 'enrollments', csv]
      )
      expect(imp.code, imp.err).toBe(0)
      const a = estimates(await elasticity(db, 'history', seed))
      const b = estimates(await elasticity(db, 'from_log', seed))
      expect(b.length).toBe(a.length)
      a.forEach((x, i) =>
        Number.isNaN(x) ? expect(b[i]).toBeNaN() : expect(Math.abs(b[i] - x)).toBeLessThan(1e-9)
      )
    }, 240_000)
})
