import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { readFileSync, writeFileSync } from 'node:fs'
import { Backend } from '../../src/backend/backend'
import { DEFAULT_DESIGN, type ExperimentDesign } from '../../src/shared/experiments'
import { cli, tempDir } from '../helpers'
import { importSalesDataset } from './fixtures/sales-dataset'
import { findDataset } from '../../src/core/data/datasets'
import { cuped } from '../../src/core/experiments/ratio'
import { toErrorBody } from '../../src/backend/error-body'

const DAY = 86_400_000
const shift = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10)

/**
 * The sample with an A/A test planned four weeks before its data ends: the "results" are
 * each course's real revenue over those four weeks, so the pre-period (the 12 weeks before
 * the start) is the only covariate CUPED can use, as it would be in a real test.
 */
async function aaTest(seed: number) {
  const b = new Backend({ mode: 'cli', version: 'test' })
  const db = join(tempDir(), 'x.pricelab')
  b.openProject(db, { create: true })
  await b.call('data:generate', { jobId: 'g', seed, scale: 0.2 })
  const reader = b.project.reader
  const last = reader.prepare<{ d: string }>('SELECT max(week_start) AS d FROM course_price_history').get()!.d
  const start = shift(last, -21)
  const design: ExperimentDesign = { ...DEFAULT_DESIGN, name: 'aa', mde: 0.25, start_date: start }
  const plan = await b.call('experiments:save', { design, acceptUnderpowered: true })
  const files = await b.call('experiments:export', { name: 'aa' })
  const assignments = readFileSync(b.files.get(files.plan.fileId).path, 'utf8')
    .trimEnd()
    .split('\r\n')
    .slice(1)
    .map((l) => l.split(','))
  const test = new Map(
    reader
      .prepare<{ id: string; revenue: number; enrollments: number }>(
        'SELECT CAST(course_id AS TEXT) AS id, sum(token_price * enrollments) AS revenue, sum(enrollments) AS enrollments FROM course_price_history WHERE week_start >= ? GROUP BY course_id'
      )
      .all(start)
      .map((r) => [r.id, r])
  )
  const rows = assignments.map(([unit, arm]) => {
    const t = test.get(unit) ?? { revenue: 0, enrollments: 0 }
    return {
      unit,
      arm,
      exposures: Math.max(50, 10 * t.enrollments),
      conversions: t.enrollments,
      revenue: t.revenue
    }
  })
  const write = (rs: typeof rows) => {
    const path = join(tempDir(), 'results.csv')
    writeFileSync(
      path,
      [
        'unit,arm,exposures,conversions,revenue',
        ...rs.map((r) => `${r.unit},${r.arm},${r.exposures},${r.conversions},${r.revenue}`)
      ].join('\n') + '\n'
    )
    return path
  }
  const analyze = async (path: string, allowMismatch?: boolean) =>
    b.call('experiments:analyze', {
      fileId: (await b.call('file:stagePath', { path })).fileId,
      experiment: 'aa',
      allowMismatch
    })
  return { b, db, plan, rows, write, analyze }
}

describe('A/B results against their plan', () => {
  it('adjusts revenue with the courses’ pre-period revenue (CUPED): far less variance, on several seeds', async () => {
    for (const seed of [8, 9, 10]) {
      const t = await aaTest(seed)
      const a = await t.analyze(t.write(t.rows))
      expect(a.cuped).not.toBeNull()
      expect(a.cuped!.units_with_covariate).toBe(400)
      // Weekly revenue of a course is mostly the course: its past explains well over 20% of it.
      expect(a.cuped!.variance_reduction).toBeGreaterThan(0.2)
      const c = a.comparisons[0]
      const width = (i: { low: number; high: number }) => i.high - i.low
      expect(width(c.revenue_diff_ci)).toBeLessThan(width(c.revenue_diff_unadjusted_ci))
      expect(width(c.revenue_diff_ci) / width(c.revenue_diff_unadjusted_ci)).toBeCloseTo(
        Math.sqrt(1 - a.cuped!.variance_reduction),
        1
      )
      // The plan said as much before the test: its CUPED figure uses the same variance components.
      expect(t.plan.cuped!.variance_reduction).toBeGreaterThan(0.2)
      expect(t.plan.cuped!.required_units!).toBeLessThan(t.plan.power.required_units!)
      expect(a.variance_method).toMatch(/CUPED/)
      expect(a.analysis_unit).toBe('unit')
      t.b.close()
    }
  }, 60_000)

  it('reports rows that do not match the plan by line, refuses them above 1%, and says when the test is read early', async () => {
    const t = await aaTest(8)
    // Two strangers in 402 rows (< 1%): left out, reported with their lines.
    const few = [...t.rows, { ...t.rows[0], unit: 'x1' }, { ...t.rows[0], unit: 'x2' }]
    const a = await t.analyze(t.write(few))
    expect(a.plan_check!.counts.not_in_plan).toBe(2)
    expect(a.plan_check!.problems.map((p) => p.line)).toEqual([402, 403])
    expect(a.arms[0].units + a.arms[1].units).toBe(400)
    expect(a.caveats.join(' ')).toMatch(/2 result row\(s\) left out .*2 not in the plan.*line 402/)
    expect(a.planned_size!.reached).toBe(true)
    expect(a.verdict).toMatch(/reached its planned size/)

    // Ten units in the arm the plan did not give them, and a repeated unit: 2.7% of the rows, refused.
    const swapped = t.rows.map((r, i) =>
      i < 10 ? { ...r, arm: r.arm === 'control' ? 'treatment' : 'control' } : r
    )
    swapped.push(t.rows[20])
    const path = t.write(swapped)
    type Refusal = { body: { code: string; message: string; issues: { line: number; message: string }[] } }
    // Backend.call throws the DomainError; its body is what every transport shows.
    const err = {
      body: toErrorBody(
        await t.analyze(path).then(
          () => null,
          (e: unknown) => e
        )
      )
    } as Refusal
    expect(err.body.code).toBe('csv_error')
    expect(err.body.message).toMatch(
      /11 of 401 result rows \(2\.74%, limit 1\.00%\).*10 in the wrong arm, 1 repeated.*--allow-mismatch/
    )
    expect(err.body.issues[0].line).toBe(2)
    expect(err.body.issues[0].message).toMatch(/reported in "(control|treatment)" but the plan put it in/)
    expect(err.body.issues.at(-1)!.message).toMatch(/appears again \(first on line 22\)/)
    // Anyway, knowingly: the matching rows are analysed and the verdict says what was wrong.
    const anyway = await t.analyze(path, true)
    expect(anyway.plan_check!.over_limit).toBe(true)
    expect(anyway.verdict).toMatch(/Analysed anyway although 2\.\d\d% of the rows do not match the plan/)

    // Half the units reported: the test is read early, and the verdict says so.
    const need = t.plan.power.control_units!
    const kept = (arm: string) => t.rows.filter((r) => r.arm === arm).slice(0, Math.ceil(need / 2))
    const early = await t.analyze(t.write([...kept('control'), ...kept('treatment')]))
    expect(early.planned_size!.reached).toBe(false)
    expect(early.verdict).toMatch(
      new RegExp(
        `Read early: the test has not reached its planned size \\(control ${Math.ceil(need / 2)} of ${need} units`
      )
    )
    t.b.close()

    // The CLI: exit 1 with the lines, exit 0 with --allow-mismatch.
    const refused = await cli('abtest-analyze', '--db', t.db, '--experiment', 'aa', '--results', path)
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(/--allow-mismatch/)
    expect(refused.err).toMatch(/results\.csv:3:2 \(column "arm"\)/)
    const ok = await cli(
      'abtest-analyze',
      '--db',
      t.db,
      '--experiment',
      'aa',
      '--results',
      path,
      '--allow-mismatch',
      '--json'
    )
    expect(ok.code).toBe(0)
    const j = JSON.parse(ok.out)
    for (const k of ['analysis_unit', 'variance_method', 'cuped', 'plan_check', 'planned_size'])
      expect(j).toHaveProperty(k)
    expect(j.comparisons[0]).toHaveProperty('revenue_per_exposure_diff_ci')
  }, 60_000)

  it('refuses a plan with no units or fewer than 2 per arm, even when accepting an underpowered test', async () => {
    const dir = tempDir()
    const { db } = await importSalesDataset(dir, { items: 6, weeks: 20, seed: 2 })
    const out = join(dir, 'plan.csv')
    // Temporary paths have no spaces: the arguments split on them. Unstratified: the refusal checked is the arms'
    // size (stratified by segment, as by default, two units in two segments are refused per stratum first).
    const run = (exclude: string) =>
      cli(
        ...`abtest --db ${db} --units items --dataset sales --stratify none --treatment change:+5% --exclude ${exclude} --accept-underpowered --out ${out} --json`.split(
          ' '
        )
      )
    const none = await run('S0,S1,S2,S3,S4,S5')
    expect(none.code).toBe(1)
    expect(JSON.parse(none.out).error.message).toMatch(/no units in the test \(6 found, 6 excluded/)
    const one = await run('S0,S1,S2,S3')
    expect(one.code).toBe(1)
    expect(JSON.parse(one.out).error.message, one.out).toMatch(
      /every arm needs at least 2 units; "(control|treatment)" has [01]/
    )
    const b = new Backend({ mode: 'cli', version: 'test' })
    b.openProject(db, { create: false })
    expect(await b.call('experiments:list', {})).toEqual([])
    b.close()
  }, 60_000)

  it('takes the CUPED covariate of dataset items from the periods before the start date', async () => {
    const dir = tempDir()
    const { db } = await importSalesDataset(dir, { items: 40, weeks: 20, seed: 5 })
    const b = new Backend({ mode: 'cli', version: 'test' })
    b.openProject(db, { create: false })
    // Week 16 of the fixture (weeks start on 2025-01-06): 16 weeks before, 4 during the test.
    const start = shift('2025-01-06', 7 * 16)
    const design: ExperimentDesign = {
      ...DEFAULT_DESIGN,
      name: 'items',
      units: 'items',
      dataset: 'sales',
      stratify: 'none',
      mde: 0.5,
      start_date: start
    }
    await b.call('experiments:save', { design, acceptUnderpowered: true })
    // Listed with its dataset, so the Experiments page shows it under that dataset only.
    expect((await b.call('experiments:list', {})).find((x) => x.name === 'items')?.dataset).toBe('sales')
    const files = await b.call('experiments:export', { name: 'items' })
    const plan = readFileSync(b.files.get(files.plan.fileId).path, 'utf8').trimEnd().split('\r\n').slice(1)
    const table = findDataset(b.project.reader, 'sales')!.table
    const weekly = b.project.reader
      .prepare<{ sku: string; week: string; revenue: number }>(
        `SELECT sku, week, price * units AS revenue FROM "${table}" ORDER BY week`
      )
      .all()
    const lines = ['unit,arm,exposures,conversions,revenue']
    for (const row of plan) {
      const [unit, arm] = row.split(',')
      const during = weekly
        .filter((w) => w.sku === unit && w.week >= start)
        .reduce((s, w) => s + w.revenue, 0)
      lines.push(`${unit},${arm},100,10,${during}`)
    }
    const path = join(dir, 'results.csv')
    writeFileSync(path, lines.join('\n') + '\n')
    const a = await b.call('experiments:analyze', {
      fileId: (await b.call('file:stagePath', { path })).fileId,
      experiment: 'items'
    })
    expect(a.cuped!.units_with_covariate).toBe(40)
    // θ is the regression of the 4 test weeks on the mean of the 12 weeks before the start (not after it).
    const pre = (sku: string) => {
      const before = weekly.filter((w) => w.sku === sku && w.week < start).slice(-12)
      return before.reduce((s, w) => s + w.revenue, 0) / before.length
    }
    const ys = plan.map((r) => Number(lines[plan.indexOf(r) + 1].split(',')[4]))
    const xs = plan.map((r) => pre(r.split(',')[0]))
    const arms = plan.map((r) => r.split(',')[1])
    expect(a.cuped!.theta).toBeCloseTo(cuped(ys, xs, arms)!.theta, 8)
    b.close()
  }, 60_000)
})
