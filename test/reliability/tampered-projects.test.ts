import { describe, expect, it } from 'vitest'
import { hostname } from 'node:os'
import { readdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { Backend } from '../../src/backend/backend'
import { processStart } from '../../src/backend/project-file'
import { startRun } from '../../src/core/pipeline/runs'
import { cli, tempDir } from '../helpers'
import { LATEST_SCHEMA_VERSION } from '../../src/core/db/migrate'

/** Issue 29 item 10-11: a project whose saved rows were damaged (by hand, a tool, a bad disk). */

const NOW = '2026-01-01T00:00:00.000Z'

async function project(): Promise<string> {
  const path = join(tempDir(), 'p.pricelab')
  const b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(path, { create: true })
  b.close()
  return path
}

function tamper(path: string, sql: string, ...params: (string | number)[]): void {
  const db = new Database(path)
  db.prepare(sql).run(...params)
  db.close()
}

async function open(path: string): Promise<Backend> {
  const b = new Backend({ mode: 'cli', version: 'test' })
  const r = await b.dispatch('project:open', { path })
  expect(r.ok ? 'opened' : r.error.message).toBe('opened')
  return b
}

describe('corrupt saved rows are listed as damaged, never break a list (issue 29 item 10)', () => {
  it('elasticity:runs, experiments:list and pipeline:runs list the damaged row with its reason', async () => {
    const path = await project()
    tamper(
      path,
      "INSERT INTO elasticity_runs (dataset, dataset_version, best_model, plan_json, report_json, created_at) VALUES ('sample', 1, 'ols', '{}', '{\"format_version\":1,\"models\":7', ?)",
      NOW
    )
    tamper(
      path,
      "INSERT INTO experiments (name, design_json, plan_json, created_at) VALUES ('x', '{}', 'not json', ?)",
      NOW
    )
    tamper(
      path,
      "INSERT INTO pipeline_runs (name, status, config_json, stages_json, metrics_json, started_at) VALUES ('bad', 'ok', '{', '[]', '{}', ?)",
      NOW
    )
    const b = await open(path)
    startRun(b.project.writer, 'good', { seed: 1 }, [], NOW)

    const runs = await b.call('elasticity:runs', {})
    expect(runs[0].damaged).toMatch(/saved elasticity .* (is not valid JSON|cannot be read)/)
    const exps = await b.call('experiments:list', {})
    expect(exps[0]).toMatchObject({ name: 'x', damaged: expect.stringMatching(/not valid JSON/) })
    const studies = await b.call('pipeline:runs', {})
    expect(studies.map((r) => r.name)).toEqual(['good', 'bad'])
    expect(studies[0].damaged).toBeUndefined()
    expect(studies[0].config).toEqual({ seed: 1 })
    expect(studies[1].damaged).toMatch(/saved study run settings is not valid JSON/)
    b.close()
  })

  it('pipeline_runs.config_json carries a format version', async () => {
    const b = await open(await project())
    const id = startRun(b.project.writer, 'v', { seed: 3 }, [], NOW)
    const raw = b.project.reader
      .prepare<{ c: string }>('SELECT config_json AS c FROM pipeline_runs WHERE run_id = ?')
      .get(id)
    expect(JSON.parse(raw?.c ?? '')).toEqual({ format_version: 1, seed: 3 })
    b.close()
  })

  it('a "running" study run with damaged stages does not make the project unopenable', async () => {
    const path = await project()
    tamper(
      path,
      "INSERT INTO pipeline_runs (name, status, config_json, stages_json, metrics_json, started_at, owner) VALUES ('r', 'running', '{}', '[{\"stage\":1}]', '{}', ?, '1@nohost-gone')",
      NOW
    )
    tamper(path, "UPDATE pipeline_runs SET owner = ? WHERE name = 'r'", `999999999@${hostname()}`)
    const b = await open(path)
    const runs = await b.call('pipeline:runs', {})
    expect(runs[0]).toMatchObject({
      status: 'interrupted',
      error: expect.stringMatching(/saved stages could not be read/)
    })
    b.close()
  })
})

describe('stale "running" study runs (issue 29 item 11)', () => {
  it('a run whose PID now belongs to another process (another start time) is marked interrupted', async () => {
    const path = await project()
    expect(processStart(process.pid)).toMatch(/^\d+$/)
    // Our own PID is alive, but with a start time that is not ours: the run's process is gone.
    tamper(
      path,
      "INSERT INTO pipeline_runs (name, status, config_json, stages_json, metrics_json, started_at, owner) VALUES ('old', 'running', '{}', '[]', '{}', ?, ?)",
      NOW,
      `${process.pid}@${hostname()}#1`
    )
    tamper(
      path,
      "INSERT INTO pipeline_runs (name, status, config_json, stages_json, metrics_json, started_at, owner) VALUES ('live', 'running', '{}', '[]', '{}', ?, ?)",
      NOW,
      `${process.pid}@${hostname()}#${processStart(process.pid)}`
    )
    const b = await open(path)
    const runs = await b.call('pipeline:runs', {})
    expect(Object.fromEntries(runs.map((r) => [r.name, r.status]))).toEqual({
      live: 'running',
      old: 'interrupted'
    })
    b.close()
  })
})

describe('a deleted migration record (issue 29 item 10 and the message `table dml_cache already exists`)', () => {
  const backups = (path: string) => readdirSync(dirname(path)).filter((f) => f.endsWith('.bak'))

  it('is repaired: the project opens, the record is written again, no backup copy is made on any try', async () => {
    const path = await project()
    tamper(path, 'DELETE FROM schema_migrations WHERE version = 16')
    for (let attempt = 0; attempt < 2; attempt++) {
      const b = new Backend({ mode: 'cli', version: 'test' })
      const r = await b.dispatch('project:open', { path })
      expect(r.ok ? 'opened' : r.error.message).toBe('opened')
      b.close()
    }
    expect(backups(path)).toEqual([])
    const db = new Database(path, { readonly: true })
    expect(db.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({
      v: LATEST_SCHEMA_VERSION
    })
    db.close()
  })

  it('a migration recorded as missing and only half there is refused once, in words, and nothing is copied', async () => {
    const path = await project()
    tamper(path, 'DELETE FROM schema_migrations WHERE version >= 11')
    tamper(path, 'DROP TABLE customer_scores')
    for (let attempt = 0; attempt < 2; attempt++) {
      const b = new Backend({ mode: 'cli', version: 'test' })
      const r = await b.dispatch('project:open', { path })
      expect(r.ok ? 'opened' : r.error).toEqual({
        code: 'invalid_input',
        message: expect.stringMatching(
          /schema is damaged: migration 11 .* only partly present \(table customer_propensity_runs, index customer_propensity_runs_dataset exist; table customer_scores missing\)\. Nothing was changed/
        )
      })
      expect(r.ok ? '' : r.error.message).not.toMatch(/already exists/)
      b.close()
    }
    expect(backups(path)).toEqual([])
  })
})

describe('a damaged dataset record or table (issue 29 item 10: bad roles, table name, dropped table)', () => {
  const damage = [
    [
      'bad roles',
      `UPDATE datasets SET roles_json = '{"format_version":1,"price":7}' WHERE name = 'a'`,
      /the saved dataset roles cannot be read: price/
    ],
    [
      'a foreign table name',
      `UPDATE datasets SET table_name = 'sqlite_master' WHERE name = 'a'`,
      /its table name "sqlite_master" is not a dataset table's/
    ],
    ['a dropped table', 'DROP TABLE ds_a', /its table ds_a is missing/]
  ] as const
  for (const [what, sql, reason] of damage)
    it(`${what}: other tables still list, the dataset is refused by name with the repair, and --replace repairs it`, async () => {
      const dir = tempDir()
      const path = join(dir, 'p.pricelab')
      writeFileSync(join(dir, 'a.csv'), 'sku,price,units\nA,10,5\nB,12,4\n')
      const b = new Backend({ mode: 'cli', version: 'test' })
      b.openProject(path, { create: true })
      const plan = (replace: boolean) => ({
        target: {
          kind: 'dataset' as const,
          name: 'a',
          roles: { item: 'sku', price: 'price', quantity: 'units' },
          replace
        },
        columns: [
          { source: 'sku', target: 'sku', type: 'text' as const },
          { source: 'price', target: 'price', type: 'number' as const },
          { source: 'units', target: 'units', type: 'number' as const }
        ]
      })
      await b.call('import:run', {
        jobId: 'i1',
        fileId: b.files.stagePath(join(dir, 'a.csv')).fileId,
        plan: plan(false)
      })
      await b.call('import:run', {
        jobId: 'i2',
        fileId: b.files.stagePath(join(dir, 'a.csv')).fileId,
        plan: { ...plan(false), target: { ...plan(false).target, name: 'b' } }
      })
      b.close()
      tamper(path, sql)
      const listed = await cli('tables', '--db', path, '--json')
      expect(listed.code, listed.err).toBe(0)
      expect(JSON.parse(listed.out).damaged).toEqual([{ name: 'a', message: expect.stringMatching(reason) }])
      const c = await open(path)
      expect((await c.call('data:datasets', {})).map((d) => d.name)).toEqual(['b'])
      // Left out of the lists, but named with the repair where the analyst looks (Data page, `tables`).
      const damaged = await c.call('data:damagedDatasets', {})
      expect(damaged).toEqual([{ name: 'a', message: expect.stringMatching(reason) }])
      expect(damaged[0].message).toMatch(/--replace/)
      expect((await c.call('data:tables', {})).some((t) => t.name === 'ds_b')).toBe(true)
      for (const [call, input] of [
        ['data:rows', { table: 'ds_a', limit: 5, offset: 0 }],
        ['elasticity:train', { jobId: 'e', dataset: 'a', models: ['ols'] }]
      ] as const) {
        const r = await c.dispatch(call, input as never)
        expect(r.ok ? 'ok' : r.error.code).toBe('invalid_input')
        expect(r.ok ? '' : r.error.message).toMatch(reason)
        expect(r.ok ? '' : r.error.message).toMatch(
          /^dataset "a" is damaged: .*Import its file again as "a" with --replace/
        )
      }
      await c.call('import:run', {
        jobId: 'i3',
        fileId: c.files.stagePath(join(dir, 'a.csv')).fileId,
        plan: plan(true)
      })
      expect((await c.call('data:datasets', {})).map((d) => d.name)).toEqual(['a', 'b'])
      expect(await c.call('data:damagedDatasets', {})).toEqual([])
      expect((await c.call('data:rows', { table: 'ds_a', limit: 5, offset: 0 })).total).toBe(2)
      // The seed and SQLite tables a damaged record named were never touched.
      expect(
        c.project.reader.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'courses'").get()
      ).toEqual({ n: 1 })
      c.close()
    })
})
