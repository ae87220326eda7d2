import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { Backend } from '../../src/backend/backend'
import type { ApiArgs } from '../../src/shared/api'
import { cli, tempDir } from '../helpers'
import { noPeriodCsv } from '../fixtures/no-period-panel'
import { writeFileSync } from 'node:fs'

/** The EdTech sample's words and table names: none belongs in a study of another dataset. */
const SAMPLE_WORDS =
  /\b(learners?|teachers?|courses?|enrollments?|token_transactions|tokens?|platform_metrics|course_price_history|tier|categor(?:y|ies)|difficulty)\b|pooled toward their all/i

/** Every hit with a little context, so a failure says where the sample's word is. */
function sampleWords(name: string, text: string): string[] {
  const hits: string[] = []
  const re = new RegExp(SAMPLE_WORDS.source, 'gi')
  for (let m = re.exec(text); m; m = re.exec(text))
    hits.push(`${name}: …${text.slice(Math.max(0, m.index - 60), m.index + 40).replace(/\s+/g, ' ')}…`)
  return hits
}

/** Fields whose values are identifiers of the JSON interface (the design's stratify enum), not words. */
const IDENTIFIER_FIELDS = new Set(['stratify'])

/** Every string value in a JSON document (its field names are a public interface, not the study's words). */
function jsonValues(v: unknown): string[] {
  if (typeof v === 'string') return [v]
  if (Array.isArray(v)) return v.flatMap(jsonValues)
  if (v && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => (IDENTIFIER_FIELDS.has(k) ? [] : jsonValues(x)))
  return []
}

const study = (dataset: string): ApiArgs<'pipeline:run'>['config'] => ({
  name: 'Analyst study',
  elasticity: { dataset, models: ['ols', 'gbm'] },
  experiment: { mde: 0.3 }
})

/** The study's report and every export of it, as text. */
async function studyTexts(b: Backend, dir: string, dataset: string): Promise<[string, string][]> {
  const run = await b.call('pipeline:run', {
    jobId: 'run',
    config: study(dataset),
    reportDir: join(dir, 'report')
  })
  expect(run.error ?? null).toBeNull()
  const texts: [string, string][] = []
  for (const f of ['report.html', 'price_sheet.csv', 'experiment_plan.csv', 'plan_summary.csv'])
    texts.push([f, readFileSync(join(dir, 'report', f), 'utf8')])
  // report.json: everything but the config the study was asked to run with.
  const { config: _config, ...json } = JSON.parse(readFileSync(join(dir, 'report', 'report.json'), 'utf8'))
  texts.push(['report.json', jsonValues(json).join('\n')])
  texts.push(['stages', run.stages.map((s) => s.message ?? '').join('\n')])
  const runId = run.metrics.versions.elasticity_run as number
  for (const table of ['models', 'segments'] as const) {
    const f = await b.call('elasticity:export', { runId, table })
    texts.push([`elasticity ${table}.csv`, readFileSync(b.files.get(f.fileId).path, 'utf8')])
  }
  return texts
}

// A juice or cheese study listed learners, teachers and enrollments, "8 tables with data", a
// `category` and an empty `tier` column, "pooled toward their all" (issue 28).
describe("an analyst's study in a project that also holds the EdTech sample", () => {
  it('of the retail sample: no EdTech word or table in its report, stages or exports', async () => {
    const dir = tempDir()
    const b = new Backend({ mode: 'cli', version: 'test' })
    b.openProject(join(dir, 'p.pricelab'), { create: true })
    await b.call('data:generate', { jobId: 'g', seed: 3, scale: 0.1 })
    await b.call('data:generate', { jobId: 'r', seed: 3, scale: 0.1, kind: 'retail' })
    const texts = await studyTexts(b, dir, 'retail_sample')
    expect(texts.flatMap(([n, t]) => sampleWords(n, t))).toEqual([])
    // Numbers as the page shows them: no 17-digit floats in a CSV ("mde_achievable,0.17643714557740764").
    // (experiment_plan.csv keeps each unit's covariates exact, by design.)
    const rounded = texts.filter(([n]) => n.endsWith('.csv') && n !== 'experiment_plan.csv')
    expect(rounded.filter(([, t]) => /\d\.\d{5,}/.test(t)).map(([n]) => n)).toEqual([])
  }, 300_000)

  it('of an imported CSV without segments or periods: the same', async () => {
    const dir = tempDir()
    const db = join(dir, 'p.pricelab')
    expect((await cli('generate', '--db', db, '--seed', '3', '--scale', '0.1')).code).toBe(0)
    const csv = join(dir, 'cheese.csv')
    writeFileSync(csv, noPeriodCsv({ retailers: 30, rowsPerRetailer: 40, seed: 5 }))
    const roles = ['--item', 'retailer', '--price', 'price', '--quantity', 'volume', '--features', 'disp']
    expect((await cli('import', '--db', db, '--dataset', 'cheese', ...roles, csv)).code).toBe(0)
    const b = new Backend({ mode: 'cli', version: 'test' })
    b.openProject(db, { create: false })
    const hits = (await studyTexts(b, dir, 'cheese')).flatMap(([n, t]) => sampleWords(n, t))
    expect(hits).toEqual([])
  }, 300_000)
})
