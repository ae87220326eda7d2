import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { Backend } from '../../src/backend/backend'
import { tempDir } from '../helpers'

/** The study on the retail sample (8 stores × 7 brands), its A/B plan read back from the plan file. */
async function retailStudy(seed: number, experiment: Record<string, unknown>) {
  const dir = tempDir()
  const b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(join(dir, 'r.pricelab'), { create: true })
  await b.call('data:generate', { jobId: 'g', seed, scale: 0.1, kind: 'retail' })
  const run = await b.call('pipeline:run', {
    jobId: 'r',
    config: {
      name: 'Retail',
      elasticity: { dataset: 'retail_sample', models: ['ols'] },
      propensity: null,
      experiment
    },
    reportDir: join(dir, 'report')
  })
  return { b, dir, run }
}

const planRows = (dir: string) =>
  readFileSync(join(dir, 'report', 'experiment_plan.csv'), 'utf8')
    .trimEnd()
    .split('\r\n')
    .slice(1)
    .map((l) => l.split(','))

describe('a treatment that changes prices (issue 26)', () => {
  it('the study on the retail sample never plans a treatment arm with a price that does not move', async () => {
    for (const seed of [3, 5]) {
      const { b, dir, run } = await retailStudy(seed, { accept_weak_treatment: true })
      try {
        expect(run.status).toBe('ok')
        const rows = planRows(dir)
        const treated = rows.filter((r) => r[1] === 'treatment')
        expect(treated.length).toBeGreaterThan(1)
        for (const r of treated) expect(Math.abs(Number(r[6]))).toBeGreaterThanOrEqual(2 - 1e-9)
        const report = JSON.parse(readFileSync(join(dir, 'report', 'report.json'), 'utf8'))
        const t = report.experiment.treatment
        expect(t.min_change).toBe(0.02)
        expect(t.arms[0].changed_units).toBe(t.arms[0].units)
        // Left-out units are counted: they and the tested ones are the sample's 56 items.
        expect(t.left_out_units + report.experiment.units + report.experiment.excluded_units).toBe(56)
        expect(t.arms[0].expected_effect).not.toBeNull()
        expect(t.arms[0].power_at_expected).toBeGreaterThan(0)
      } finally {
        b.close()
      }
    }
  }, 300_000)

  it('a plan that changes nothing is refused by the study unless accepted, and flagged in the report', async () => {
    // No price moves by 40%: the treatment tests nothing.
    const refused = await retailStudy(3, { min_change: 0.4 })
    try {
      expect(refused.run.status).toBe('failed')
      const stage = refused.run.stages.find((s) => s.stage === 'experiment')
      expect(stage?.message).toMatch(/changes no price by 40\.00% or more.*accept_weak_treatment/)
    } finally {
      refused.b.close()
    }
    const accepted = await retailStudy(3, { min_change: 0.4, accept_weak_treatment: true })
    try {
      expect(accepted.run.status).toBe('ok')
      const html = readFileSync(join(accepted.dir, 'report', 'report.html'), 'utf8')
      expect(html).toContain('This plan tests no price change')
    } finally {
      accepted.b.close()
    }
  }, 300_000)
})
