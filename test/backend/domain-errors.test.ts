import { afterAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { toErrorBody } from '../../src/backend/error-body'
import { TrainingPool, WorkerCrashError } from '../../src/backend/training-pool'
import { openSqlite } from '../../src/backend/sqlite'
import { loadSamplePanel } from '../../src/core/elasticity/panel'
import { loadCustomerTable } from '../../src/core/propensity/customers/registry'
import { DomainError } from '../../src/shared/domain-error'
import { tempDir } from '../helpers'

const pools: TrainingPool[] = []
const backends: Backend[] = []
afterAll(() => {
  backends.forEach((b) => b.close())
  pools.forEach((p) => p.close())
})

/** A new, empty project: no sample data, no imported tables. */
function emptyProject(): { b: Backend; path: string } {
  const path = join(tempDir(), 'p.pricelab')
  const pool = new TrainingPool({ size: 1 })
  pools.push(pool)
  const b = new Backend({ mode: 'cli', version: 'test', pool })
  backends.push(b)
  b.openProject(path, { create: true })
  return { b, path }
}

/** The error body the main thread gives for `fn`'s error, read on the project file directly. */
function mainThreadBody(path: string, fn: (db: ReturnType<typeof openSqlite>) => unknown) {
  const db = openSqlite(path, { readonly: true, mustExist: true })
  try {
    fn(db)
  } catch (e) {
    return toErrorBody(e)
  } finally {
    db.close()
  }
  throw new Error('expected the call to fail')
}

describe('typed errors across the worker boundary', () => {
  it('a user error raised in a real worker keeps its code and message', async () => {
    const { path } = emptyProject()
    const pool = pools[0]
    const err = await pool.run((api) => api.loadPanel(path, null)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DomainError)
    expect(err).not.toBeInstanceOf(WorkerCrashError)
    const body = toErrorBody(err)
    expect(body.code).toBe('invalid_input')
    expect(body.message).toMatch(/the project has no course price history/)
    // The worker was healthy and serves the next task.
    const again = await pool.run((api) => api.loadPanel(path, null)).catch((e: unknown) => e)
    expect(toErrorBody(again)).toEqual(body)
  })

  it('dispatch returns the same code and message from a worker as the main thread gives', async () => {
    const { b, path } = emptyProject()
    const viaWorker = await b.dispatch('elasticity:train', { jobId: 'el', seed: 1 })
    expect(viaWorker.ok).toBe(false)
    const inMain = mainThreadBody(path, (db) => loadSamplePanel(db))
    expect(inMain.code).toBe('invalid_input')
    if (!viaWorker.ok) expect(viaWorker.error).toEqual(inMain)

    const refused = await b.dispatch('propensity:trainCustomers', {
      jobId: 'cu',
      dataset: 'nope',
      label: 'churn'
    })
    const refusedInMain = mainThreadBody(path, (db) => loadCustomerTable(db, 'nope'))
    expect(refusedInMain).toEqual({
      code: 'invalid_input',
      message: 'no dataset named "nope" (import the customer table first)'
    })
    expect(refused).toEqual({ ok: false, error: refusedInMain })
  })

  it('a real crash (a bug thrown in the worker) stays internal', async () => {
    const pool = new TrainingPool({ size: 1, workerFile: join(__dirname, 'fixtures/faulty.worker.ts') })
    pools.push(pool)
    // The fixture's rf throws a plain Error before it reads its arguments.
    const err = await pool
      .run((api) => api.train('rf', {} as never, {} as never, new Float64Array(1)))
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WorkerCrashError)
    expect(toErrorBody(err)).toEqual({ code: 'internal', message: 'planted failure in rf' })
  })
})
