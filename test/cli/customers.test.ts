import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { tempDir, writeFile, cli, customerChurnRun } from '../helpers'
import { customersToCsv, generateCustomers } from '../../src/core/propensity/customers/generate'
import { eventLog } from '../core/propensity/event-log-fixture'

describe('pricelab propensity / score on an imported customer table', () => {
  it('trains on the CSV, keeps the --json shape, refuses bad labels by name, exports one row per customer', async () => {
    const dir = tempDir()
    const { db, run: r } = await customerChurnRun(dir, customersToCsv(generateCustomers(3000, 21)), '--json')
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out)
    expect(j.dataset).toBe('telco')
    expect(j.targets).toHaveLength(1)
    const t = j.targets[0]
    expect(t.target).toBe('churn')
    expect(t.positive).toBe('Yes')
    expect(t).not.toHaveProperty('test')
    expect(['logistic', 'rf', 'gbm']).toContain(t.best_model)
    for (const m of t.models)
      for (const k of ['name', 'auc', 'cv_auc', 'pr_auc', 'f1', 'precision_at_70', 'brier', 'train_ms'])
        expect(m).toHaveProperty(k)
    expect(t.models.find((m: { name: string }) => m.name === t.best_model).auc).toBeGreaterThan(0.75)
    expect(t.segments.map((s: { segment: string }) => s.segment)).toEqual(['Hot', 'Warm', 'Cold', 'Dormant'])
    expect(t.customers_scored).toBe(3000)
    // total_charges came through the CSV with blanks for new customers: a number with a blank flag.
    expect(t.features.find((f: { column: string }) => f.column === 'total_charges').encoded).toEqual([
      'total_charges',
      'total_charges (blank)'
    ])
    expect(t.dropped).toEqual([{ column: 'country', reason: expect.stringMatching(/^constant/) }])

    const refuse = async (...args: string[]) => {
      const x = await cli('propensity', '--db', db, '--dataset', 'telco', ...args)
      expect(x.code).toBe(1)
      return x.err
    }
    expect(await refuse('--label', 'contract')).toMatch(/label column "contract" has 3 values .*--positive/)
    expect(await refuse('--label', 'gender')).toMatch(/"gender" .*--positive/)
    expect(await refuse('--label', 'country')).toMatch(/"country" has one class only/)
    expect(await refuse('--label', 'churn', '--features', 'tenure,churn')).toMatch(
      /"churn" is the label and cannot also be a feature/
    )
    expect(await refuse('--label', 'nope')).toMatch(/no label column "nope"/)
    // A positive value named: contract "Two year" vs the rest is a fine label.
    const named = await cli(
      'propensity',
      '--db',
      db,
      '--dataset',
      'telco',
      '--label',
      'contract',
      '--positive',
      'two year',
      '--features',
      'tenure,monthly_charges',
      '--json'
    )
    expect(named.code).toBe(0)
    expect(JSON.parse(named.out).targets[0].positive).toBe('Two year')

    const out = join(dir, 'scores.csv')
    const s = await cli('score', '--db', db, '--dataset', 'telco', '--label', 'churn', '--out', out, '--json')
    expect(s.code).toBe(0)
    expect(JSON.parse(s.out)).toMatchObject({
      dataset: 'telco',
      label: 'churn',
      rows: 3000,
      run_id: j.run_id
    })
    const lines = readFileSync(out, 'utf8').trim().split(/\r?\n/)
    expect(lines).toHaveLength(3001)
    expect(lines[0]).toBe('customer_id,churn_score,churn_segment,reason_1,reason_2,reason_3')
    expect(lines[1]).toMatch(/^C0000001,0\.\d+,(Hot|Warm|Cold|Dormant),/)
    // A dataset with no run and no --label: told what to give.
    expect((await cli('score', '--db', db, '--dataset', 'other', '--out', `${out}.other.csv`)).err).toMatch(
      /no propensity run yet: give --label/
    )
    // An existing file is replaced only with --force (checked before any work).
    expect((await cli('score', '--db', db, '--dataset', 'telco', '--out', out)).err).toMatch(/already exists/)
  }, 180_000)

  it('trains on an event log with --events: cutoff, window, outcome', async () => {
    const dir = tempDir()
    const db = join(dir, 'e.pricelab')
    const csv = writeFile(dir, 'events.csv', customersToCsv(eventLog(1500, 8)))
    expect((await cli('import', '--db', db, '--dataset', 'events', csv, '--json')).code).toBe(0)
    const args = [
      'propensity',
      '--db',
      db,
      '--dataset',
      'events',
      '--events',
      '--customer',
      'user',
      '--time',
      'ts'
    ]
    const r = await cli(
      ...args,
      '--event',
      'type',
      '--amount',
      'amount',
      '--cutoff',
      '2025-11-07',
      '--window',
      '60',
      '--json'
    )
    expect(r.err).toBe('')
    const t = JSON.parse(r.out).targets[0]
    expect(t).toMatchObject({ target: 'churn', cutoff: '2025-11-07', window_days: 60 })
    expect(t.features.map((f: { column: string }) => f.column)).toContain('recency_days')
    const c = await cli(
      ...args,
      '--event',
      'type',
      '--window',
      '30',
      '--outcome',
      'conversion:purchase',
      '--json'
    )
    expect(JSON.parse(c.out).targets[0].target).toBe('converted_purchase')
    expect((await cli(...args, '--window', '60', '--outcome', 'refund')).code).toBe(2)
    expect((await cli(...args, '--window', '60', '--cutoff', '2030-01-01')).err).toMatch(
      /outside the events of "ts"/
    )
  }, 180_000)
})
