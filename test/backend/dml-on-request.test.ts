import { afterAll, describe, expect, it, vi } from 'vitest'
import { join } from 'node:path'
import type { Remote } from 'comlink'
import { Backend } from '../../src/backend/backend'
import { TrainingPool, type TaskHandle } from '../../src/backend/training-pool'
import type { TrainingWorkerApi } from '../../src/backend/training-api'
import {
  DML_RESULT_FORMAT,
  dmlCacheKey,
  readDmlCache,
  writeDmlCache
} from '../../src/backend/elasticity/dml-cache'
import type { DmlResult } from '../../src/core/elasticity/dml'
import { DEFAULT_PLAN } from '../../src/core/elasticity/train'
import type { Panel } from '../../src/core/elasticity/panel'
import { cli, newDb, tempDir } from '../helpers'

/** A pool that records which worker calls each task makes: the spy that shows whether DML ran. */
class SpyPool extends TrainingPool {
  readonly calls: string[] = []
  override run<T>(
    task: (api: Remote<TrainingWorkerApi>, h: TaskHandle) => Promise<T>,
    signal?: { aborted: boolean },
    onStart?: (h: TaskHandle) => void
  ): Promise<T> {
    return super.run(
      (api, h) =>
        task(
          new Proxy(api, {
            get: (target, prop, receiver) => {
              if (typeof prop === 'string') this.calls.push(prop)
              return Reflect.get(target, prop, receiver) as unknown
            }
          }),
          h
        ),
      signal,
      onStart
    )
  }
}

const backends: Backend[] = []
afterAll(() => backends.forEach((b) => b.close()))

async function sample(): Promise<{ b: Backend; pool: SpyPool; path: string }> {
  const pool = new SpyPool()
  const path = join(tempDir(), 'p.pricelab')
  const b = new Backend({ mode: 'cli', version: 'test', pool })
  backends.push(b)
  b.openProject(path, { create: true })
  await b.call('data:generate', { jobId: 'gen', seed: 3, scale: 0.1 })
  return { b, pool, path }
}

describe('the debiased (DML) estimate on request, cached by content', () => {
  it('--models ols alone: DML does not run, the recommendation falls back to the OLS and says why', async () => {
    const { b, pool } = await sample()
    const r = await b.call('elasticity:train', { jobId: 'e', seed: 1, models: ['ols'] })
    expect(pool.calls).not.toContain('dmlPrepare')
    expect(pool.calls).toContain('train')
    expect(r.dml).toMatchObject({ mode: 'auto', ran: false, cached: false, ms: null })
    expect(r.segments.every((s) => s.debiased === null)).toBe(true)
    expect(r.recommended_model).toBe('ols')
    for (const s of r.segments) {
      expect(s.recommended_from).toBe('ols')
      expect(s.recommended).toBe(s.elasticity)
      expect(s.recommended_reason).toMatch(/debiased \(DML\) not run \(auto\): only linear models/)
    }
    // Asked for: it runs with the OLS alone, and the recommendation is the debiased estimate again.
    const on = await b.call('elasticity:train', { jobId: 'e2', seed: 1, models: ['ols'], dml: 'on' })
    expect(pool.calls.filter((c) => c === 'dmlPrepare')).toHaveLength(1)
    expect(on.dml).toMatchObject({ mode: 'on', ran: true, cached: false })
    expect(on.recommended_model).toBe('debiased')
    // Off: a nonlinear best model cannot be checked, so the OLS is recommended, naming both reasons.
    const off = await b.call('elasticity:train', {
      jobId: 'e3',
      seed: 1,
      models: ['ols', 'poly2'],
      dml: 'off'
    })
    expect(pool.calls.filter((c) => c === 'dmlPrepare')).toHaveLength(1)
    expect(off.dml).toMatchObject({ mode: 'off', ran: false })
    expect(off.segments.every((s) => s.recommended_from === 'ols')).toBe(true)
    expect(off.segments[0].recommended_reason).toMatch(/debiased \(DML\) not run: dml off/)
  }, 60_000)

  it('a repeated run reuses the cached estimate; other settings miss', async () => {
    const { b, pool } = await sample()
    const first = await b.call('elasticity:train', { jobId: 'a', seed: 1, models: ['ols', 'poly2'] })
    expect(first.dml).toMatchObject({ mode: 'auto', ran: true, cached: false })
    // Its 3 repeats × 3 folds ran as tasks of their own, on every worker of the pool (issue 33).
    expect(pool.calls.filter((c) => c === 'dmlFold')).toHaveLength(9)
    const perWorker = first.dml?.fold_tasks_per_worker ?? []
    expect(perWorker.reduce((a, b) => a + b, 0)).toBe(9)
    expect(perWorker).toHaveLength(Math.min(pool.size, 9))
    expect(pool.calls.filter((c) => c === 'dmlPrepare')).toHaveLength(1)
    const again = await b.call('elasticity:train', { jobId: 'b', seed: 1, models: ['ols', 'poly2'] })
    expect(pool.calls.filter((c) => c === 'dmlPrepare')).toHaveLength(1)
    expect(again.dml).toMatchObject({ ran: true, cached: true, ms: first.dml?.ms })
    expect(again.segments.map((s) => [s.debiased, s.debiased_ci_low, s.debiased_ci_high])).toEqual(
      first.segments.map((s) => [s.debiased, s.debiased_ci_low, s.debiased_ci_high])
    )
    expect(again.item_elasticities).toEqual(first.item_elasticities)
    expect(again.segments.map((s) => s.recommended)).toEqual(first.segments.map((s) => s.recommended))
    // Another seed is another estimate.
    const other = await b.call('elasticity:train', { jobId: 'c', seed: 2, models: ['ols', 'poly2'] })
    expect(other.dml).toMatchObject({ ran: true, cached: false })
    expect(pool.calls.filter((c) => c === 'dmlPrepare')).toHaveLength(2)
  }, 60_000)

  it('the cache key follows the panel content and the settings, not the object', () => {
    const panel = {
      dataset: 'd',
      version: 1,
      n: 3,
      item: Int32Array.from([0, 0, 1]),
      itemIds: ['a', 'b'],
      segment: Int32Array.from([0, 0, 0]),
      segments: ['s'],
      segmentName: 'seg',
      price: Float64Array.from([1, 2, 3]),
      quantity: Float64Array.from([5, 4, 3]),
      refPrice: Float64Array.from([1, 1, 1]),
      controls: [{ name: 'x', kind: 'numeric', values: Float64Array.from([0, 1, 2]) }],
      truth: null,
      warnings: []
    } satisfies Panel
    const key = dmlCacheKey(panel, DEFAULT_PLAN)
    const copy = { ...panel, dataset: 'renamed', version: 9, price: Float64Array.from(panel.price) }
    expect(dmlCacheKey(copy, DEFAULT_PLAN)).toBe(key)
    expect(dmlCacheKey({ ...panel, price: Float64Array.from([1, 2, 3.01]) }, DEFAULT_PLAN)).not.toBe(key)
    const control = { ...panel.controls[0], values: Float64Array.from([0, 1, 3]) }
    expect(dmlCacheKey({ ...panel, controls: [control] }, DEFAULT_PLAN)).not.toBe(key)
    expect(dmlCacheKey(panel, { ...DEFAULT_PLAN, withinItems: false })).not.toBe(key)
    expect(dmlCacheKey(panel, { ...DEFAULT_PLAN, folds: 4 })).not.toBe(key)
  })

  it('the cache keeps NaN (a segment not identified) and only the newest 4 estimates', () => {
    const db = newDb()
    const result = (k: number): DmlResult => ({
      segments: [
        { segment: 'a', rows: 10, elasticity: -1 - k, ci_low: -2, ci_high: 0 },
        { segment: 'b', rows: 0, elasticity: NaN, ci_low: NaN, ci_high: Infinity, note: 'not identified' }
      ],
      items: [],
      within: true,
      repeats: 3,
      item_sd: 0
    })
    for (let k = 0; k < 6; k++) writeDmlCache(db, `key${k}`, result(k), 100 + k)
    expect(readDmlCache(db, 'key0')).toBeNull()
    expect(readDmlCache(db, 'key1')).toBeNull()
    expect(readDmlCache(db, 'key5')).toEqual({ result: result(5), ms: 105 })
    expect(readDmlCache(db, 'key2')?.result.segments[1].elasticity).toBeNaN()
    expect(db.prepare<{ n: number }>('SELECT count(*) AS n FROM dml_cache').get()?.n).toBe(4)
  })

  it('a cached estimate is a versioned saved format: an unversioned entry loads, a damaged or newer one is a miss', () => {
    const db = newDb()
    const put = (key: string, json: string) =>
      db
        .prepare('INSERT INTO dml_cache (key, result_json, ms, created_at) VALUES (?, ?, ?, ?)')
        .run(key, json, 5, new Date().toISOString())
    const old = {
      segments: [{ segment: 'a', rows: 10, elasticity: '__num:NaN', ci_low: -2, ci_high: 0 }],
      items: [],
      within: true,
      repeats: 3,
      item_sd: 0
    }
    put('old', JSON.stringify(old))
    expect(readDmlCache(db, 'old')?.result.segments[0].elasticity).toBeNaN()
    writeDmlCache(db, 'now', { ...old, segments: [] } as unknown as DmlResult, 7)
    const row = db
      .prepare<{ result_json: string }>("SELECT result_json FROM dml_cache WHERE key = 'now'")
      .get()
    expect(JSON.parse(row?.result_json ?? '{}')).toMatchObject({ format_version: DML_RESULT_FORMAT.version })
    put('newer', JSON.stringify({ ...old, format_version: DML_RESULT_FORMAT.version + 1 }))
    put('damaged', JSON.stringify({ ...old, segments: 'x' }))
    put('truncated', '{"segments": [')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    expect(readDmlCache(db, 'newer')).toBeNull()
    expect(readDmlCache(db, 'damaged')).toBeNull()
    expect(readDmlCache(db, 'truncated')).toBeNull()
    expect(warn).toHaveBeenCalledTimes(3)
    warn.mockRestore()
  })

  it('the CLI flag: --dml on|off|auto, reported in --json', async () => {
    const { path } = await sample()
    backends.forEach((b) => b.close())
    const r = await cli('elasticity', '--db', path, '--models', 'ols', '--json')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out).dml).toMatchObject({ mode: 'auto', ran: false, cached: false })
    const bad = await cli('elasticity', '--db', path, '--dml', 'sometimes')
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/--dml must be auto, on, off/)
  }, 60_000)
})
