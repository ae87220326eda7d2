import { readdirSync, readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { TrainingPool } from '../../src/backend/training-pool'
import {
  histogramHelperReady,
  installHistogramHelper,
  removeHistogramHelper
} from '../../src/backend/hist-helper'
import { tempDir } from '../helpers'

/**
 * The event loop waited behind training (issue 33: gaps of 55–100 ms with under 10 ms of its own work): the
 * training workers and their histogram helpers run at background priority, the main thread at its own.
 * Linux keeps a nice value per thread, readable in /proc.
 */
const niceOf = (stat: string) => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])
const threadNices = () =>
  readdirSync('/proc/self/task').map((t) => niceOf(readFileSync(`/proc/self/task/${t}/stat`, 'utf8')))

const pool = new TrainingPool({ size: 2 })
afterAll(async () => {
  await pool.close()
  await removeHistogramHelper()
})

describe.runIf(process.platform === 'linux')('training threads at background priority', () => {
  it('the two training workers and their helpers are at nice 10; the main thread keeps its priority', async () => {
    const mainNice = niceOf(readFileSync('/proc/thread-self/stat', 'utf8'))
    const before = threadNices().filter((n) => n === 10).length
    const db = join(tempDir(), 'empty.sqlite')
    new Database(db).close()
    // Two tasks at once: both workers started and answering (each has installed its helper by then).
    await Promise.all([0, 1].map(() => pool.run((api) => api.checkpoint(db))))
    expect(pool.idleWorkers).toBe(2)
    const background = threadNices().filter((n) => n === 10).length - before
    expect(background).toBeGreaterThanOrEqual(2)
    expect(background).toBeLessThanOrEqual(4)
    expect(niceOf(readFileSync('/proc/thread-self/stat', 'utf8'))).toBe(mainNice)
  })

  it('a histogram helper runs at the priority of its fitting thread (never below: the fit waits on its helper)', async () => {
    // This thread is at normal priority: its helper must be too. A helper at background priority while its
    // fitting thread was not left the fit waiting whole time slices whenever a third process took its core.
    await removeHistogramHelper()
    const mine = niceOf(readFileSync('/proc/thread-self/stat', 'utf8'))
    const before = threadNices()
    expect(installHistogramHelper({ cores: 2 })).toBe(true)
    await histogramHelperReady()
    const after = threadNices()
    expect(after.length).toBeGreaterThan(before.length)
    expect(after.filter((n) => n === mine).length).toBeGreaterThan(before.filter((n) => n === mine).length)
    expect(after.filter((n) => n === 10).length).toBe(before.filter((n) => n === 10).length)
  })
})
