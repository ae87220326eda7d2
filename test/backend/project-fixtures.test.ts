/** Every release's saved project (test/fixtures/projects) opens with today's code: migrated, listed, read, extended. */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Backend } from '../../src/backend/backend'
import { LATEST_SCHEMA_VERSION } from '../../src/core/db/migrate'
import { FIXTURE_DIR, type FixtureFigures, unpackFixture } from '../fixtures/projects/make'
import { tempDir } from '../helpers'

const releases = readdirSync(FIXTURE_DIR)
  .filter((f) => /^release-.+\.pricelab\.gz$/.test(f))
  .sort()

describe('project files saved by earlier releases', () => {
  it('keeps at least one release fixture', () => {
    expect(releases.length).toBeGreaterThan(0)
  })

  for (const file of releases) {
    it(`${file}: migrates, lists and reads every run with its saved numbers, and takes a new run`, async () => {
      const figures = JSON.parse(
        readFileSync(join(FIXTURE_DIR, file.replace(/\.pricelab\.gz$/, '.expected.json')), 'utf8')
      ) as FixtureFigures
      const path = unpackFixture(join(FIXTURE_DIR, file), tempDir())
      const b = new Backend({ mode: 'cli', version: 'test' })
      try {
        b.openProject(path, { create: false })

        // Migrations ran: the file is at today's schema, and an older file was backed up first.
        const info = await b.call('project:current', {})
        expect(info?.schemaVersion).toBe(LATEST_SCHEMA_VERSION)
        if (figures.schema_version < LATEST_SCHEMA_VERSION) {
          expect(info?.backupPath).toBe(`${path}.v${figures.schema_version}.bak`)
          expect(existsSync(`${path}.v${figures.schema_version}.bak`)).toBe(true)
        }

        // The data: every table with its rows.
        const tables = await b.call('data:tables', {})
        expect(Object.fromEntries(tables.map((t) => [t.name, t.rows]))).toMatchObject(figures.tables)

        // Elasticity: listed undamaged and read back with the numbers it was saved with.
        const runs = await b.call('elasticity:runs', {})
        for (const run of runs) {
          expect(run.damaged).toBeUndefined()
          expect((await b.call('elasticity:run', { runId: run.run_id }))?.run_id).toBe(run.run_id)
        }
        const listed = runs.find((r) => r.run_id === figures.elasticity.run_id)
        expect(listed?.damaged).toBeUndefined()
        expect(listed?.best_model).toBe(figures.elasticity.best_model)
        const report = await b.call('elasticity:run', { runId: figures.elasticity.run_id })
        expect(report?.dataset).toBe(figures.elasticity.dataset)
        expect(report?.models.map((m) => m.name)).toEqual(figures.elasticity.models)
        expect(
          report?.segments.map((s) => ({
            segment: s.segment,
            recommended: s.recommended ?? null,
            debiased: s.debiased ?? null
          }))
        ).toEqual(figures.elasticity.segments)

        // Pricing: the saved run with its uplift, and the saved scenarios.
        const pricing = await b.call('pricing:run', {})
        expect(pricing?.run_id).toBe(figures.pricing.run_id)
        expect(pricing?.elasticity_run_id).toBe(figures.pricing.elasticity_run_id)
        expect(pricing?.portfolio.uplift_pct).toBe(figures.pricing.uplift_pct)
        expect(pricing?.portfolio.optimized_revenue).toBe(figures.pricing.optimized_revenue)
        expect((await b.call('pricing:scenarios', {})).map((s) => s.name)).toEqual(figures.scenarios)

        // The experiment plan: listed and readable.
        const plans = await b.call('experiments:list', {})
        const plan = plans.find((p) => p.name === figures.experiment.name)
        expect(plan?.damaged).toBeUndefined()
        expect(plan?.units).toBe(figures.experiment.units)
        expect(plan?.arms).toEqual(figures.experiment.arms)
        expect((await b.call('experiments:get', { name: figures.experiment.name })).plan.name).toBe(
          figures.experiment.name
        )

        // Propensity: the run and each target's best model with its AUC.
        const propensity = await b.call('propensity:run', {})
        expect(propensity?.run_id).toBe(figures.propensity.run_id)
        expect(
          propensity?.targets.map((t) => ({
            target: t.target,
            best_model: t.best_model,
            auc: t.models.find((m) => m.name === t.best_model)?.auc
          }))
        ).toEqual(figures.propensity.targets)

        // A new run goes in beside the old ones, and priced on it.
        const fresh = await b.call('elasticity:train', {
          jobId: 'fixture-new-run',
          dataset: 'retail_sample',
          models: ['ols'],
          dml: 'off'
        })
        expect(fresh.run_id).toBeGreaterThan(figures.elasticity.run_id)
        expect((await b.call('elasticity:runs', {})).map((r) => r.run_id)).toContain(fresh.run_id)
        expect(fresh.run_id).not.toBeNull()
        const repriced = await b.call('pricing:optimize', { runId: fresh.run_id ?? undefined })
        expect(repriced.run_id).toBeGreaterThan(figures.pricing.run_id)
        expect(repriced.elasticity_run_id).toBe(fresh.run_id)
      } finally {
        b.close()
      }
    }, 180_000)
  }
})
