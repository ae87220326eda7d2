import { afterAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { TrainingPool } from '../../src/backend/training-pool'
import { inSharedMemory, ownBuffers } from '../../src/backend/elasticity/shared-panel'
import { loadSamplePanel } from '../../src/core/elasticity/panel'
import { openSqlite } from '../../src/backend/sqlite'
import { tempDir } from '../helpers'

const pool = new TrainingPool({ size: 1 })
afterAll(() => pool.close())

describe('the panel in shared memory', () => {
  it('moves every typed array, nested ones too, and keeps values and other fields', () => {
    const v = { a: Float64Array.from([1.5, 2]), n: 2, names: ['x'], c: [{ values: Int32Array.from([7]) }] }
    const s = inSharedMemory(v)
    expect(s.a.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(s.c[0].values.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(Array.from(s.a)).toEqual([1.5, 2])
    expect(s.c[0].values).toBeInstanceOf(Int32Array)
    expect(Array.from(s.c[0].values)).toEqual([7])
    expect([s.n, s.names]).toEqual([2, ['x']])
    expect(v.a.buffer).not.toBeInstanceOf(SharedArrayBuffer) // the input is left alone
  })

  it('comes back from the loading worker shared, equal to a panel loaded here', async () => {
    const path = join(tempDir(), 'p.pricelab')
    const b = new Backend({ mode: 'cli', version: 'test' })
    b.openProject(path, { create: true })
    await b.call('data:generate', { jobId: 'gen', seed: 3, scale: 0.1 })
    b.close()
    const panel = await pool.run((api) => api.loadPanel(path, null))
    // Shared memory survives posting between threads: the tasks' workers read this one copy.
    expect(panel.price.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(panel.controls.every((c) => c.values.buffer instanceof SharedArrayBuffer)).toBe(true)
    const db = openSqlite(path, { readonly: true, mustExist: true })
    const here = loadSamplePanel(db)
    db.close()
    expect(Array.from(panel.price)).toEqual(Array.from(here.price))
    expect(Array.from(panel.item)).toEqual(Array.from(here.item))
    expect(panel.controls.map((c) => c.name)).toEqual(here.controls.map((c) => c.name))
  })

  it('lists each whole buffer once for a move, never a shared one or a pooled slice', () => {
    const whole = new Float64Array(4)
    const v = {
      a: whole,
      b: [{ again: whole }],
      s: new Int32Array(new SharedArrayBuffer(8)),
      p: Buffer.from('ab')
    }
    expect(ownBuffers(v)).toEqual([whole.buffer])
  })

  it('a panel for the main thread alone (pricing) is moved out of the worker, not copied to shared memory', async () => {
    const path = join(tempDir(), 'p.pricelab')
    const b = new Backend({ mode: 'cli', version: 'test' })
    b.openProject(path, { create: true })
    await b.call('data:generate', { jobId: 'gen', seed: 3, scale: 0.1 })
    b.close()
    const panel = await pool.run((api) => api.loadPanelMoved(path, null))
    expect(panel.price.buffer).not.toBeInstanceOf(SharedArrayBuffer)
    expect(panel.controls.some((c) => c.values.buffer instanceof SharedArrayBuffer)).toBe(false)
    const db = openSqlite(path, { readonly: true, mustExist: true })
    const here = loadSamplePanel(db)
    db.close()
    expect(Array.from(panel.price)).toEqual(Array.from(here.price))
    expect(Array.from(panel.quantity)).toEqual(Array.from(here.quantity))
    expect(panel.controls.map((c) => Array.from(c.values))).toEqual(
      here.controls.map((c) => Array.from(c.values))
    )
  })
})
