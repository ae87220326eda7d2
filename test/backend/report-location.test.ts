import { afterAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { existsSync, readFileSync } from 'node:fs'
import { Backend } from '../../src/backend/backend'
import { defaultReportDir } from '../../src/backend/study/report-dir'
import { tempDir } from '../helpers'

const backends: Backend[] = []
afterAll(() => backends.forEach((b) => b.close()))

describe('study report location (issue 16)', () => {
  it('is next to the project by default, and speaks of the dataset chosen', async () => {
    const dir = tempDir()
    const b = new Backend({ mode: 'cli', version: 'test' })
    backends.push(b)
    b.openProject(join(dir, 'Shop.pricelab'), { create: true })
    await b.call('data:generate', { jobId: 'g', seed: 3, scale: 0.1, kind: 'retail' })
    const run = await b.call('pipeline:run', {
      jobId: 'r',
      config: {
        name: 'Retail',
        elasticity: { dataset: 'retail_sample', models: ['ols'] }
      }
    })
    expect(run.status).toBe('ok')
    expect(run.report_dir?.startsWith(join(dir, 'Shop reports', 'study-'))).toBe(true)
    const html = readFileSync(join(run.report_dir as string, 'report.html'), 'utf8')
    // The report of a non-EdTech dataset speaks of units, not of the EdTech sample (issue 16, item 5).
    expect(html).not.toMatch(/enrollment|tokens|learner|Sample data, seed|course_price_history/i)
    expect(html).toMatch(/Quantity \/ period/)
    // No learner-propensity card, and the dataset by its own name, not its internal table's (ds_…).
    expect(html).not.toMatch(/Propensity AUC|ds_retail_sample/)
    expect(html).toMatch(/<td>retail_sample<\/td><td>dataset<\/td>/)
    expect(existsSync(join(run.report_dir as string, 'scored_learners.csv'))).toBe(false)
    // The data stage speaks of the analysed dataset only (it said "8 tables": the seven empty sample tables too;
    // since issue 28 it names the dataset and its rows).
    const report = JSON.parse(readFileSync(join(run.report_dir as string, 'report.json'), 'utf8')) as {
      stages: { stage: string; message: string | null }[]
    }
    expect(report.stages.find((s) => s.stage === 'data')?.message).toMatch(
      /^retail_sample: [\d,]+ rows, 0 columns with missing values$/
    )
  }, 60_000)

  it('falls back to the scratch folder when the project folder cannot be written', () => {
    const d = defaultReportDir(
      '/no-such-folder-16/x.pricelab',
      '/tmp/fallback',
      new Date('2026-01-02T03:04:05Z')
    )
    expect(d).toBe('/tmp/fallback/study-2026-01-02-030405')
  })
})
