import { readdirSync, readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { TrainingPool } from '../../src/backend/training-pool'
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
afterAll(() => pool.close())

describe.runIf(process.platform === 'linux')('training threads at background priority', () => {
  it('the two training workers are at nice 10 (their helpers below, at 19); the main thread keeps its priority', async () => {
    const mainNice = niceOf(readFileSync('/proc/thread-self/stat', 'utf8'))
    const before = threadNices().filter((n) => n === 10).length
    // One file each: two checkpoints of one file at once may find it locked (the second is refused, busy).
    const dbs = [0, 1].map((k) => join(tempDir(), `empty-${k}.sqlite`))
    for (const db of dbs) new Database(db).close()
    // Two tasks at once: both workers started and answering (each has installed its helper by then).
    await Promise.all(dbs.map((db) => pool.run((api) => api.checkpoint(db))))
    expect(pool.idleWorkers).toBe(2)
    const background = threadNices().filter((n) => n === 10).length - before
    expect(background).toBeGreaterThanOrEqual(2)
    expect(background).toBeLessThanOrEqual(4)
    expect(niceOf(readFileSync('/proc/thread-self/stat', 'utf8'))).toBe(mainNice)
  })

  it('a histogram helper runs ten nice steps below its fitting thread (it takes idle cores only)', async () => {
    // A fitting thread at nice 5 (a worker lowers itself) installs its helper: the helper is at 15. At the
    // fixed background nice (10) a helper in a training worker (10) competed with the other worker's fit for a
    // core, time-slicing it, and a bench fit's helper sat below its fitting thread anyway.
    const file = join(__dirname, '../../src/backend/hist-helper.ts')
    const worker = new Worker(
      `require('node:os').setPriority(0, 5)
      require('tsx/cjs')
      const h = require(${JSON.stringify(file)})
      h.installHistogramHelper({ cores: 2 })
      h.histogramHelperReady().then(() => require('node:worker_threads').parentPort.postMessage('ready'))`,
      { eval: true }
    )
    try {
      await new Promise((resolve, reject) => {
        worker.once('message', resolve)
        worker.once('error', reject)
      })
      // The helper is the only thread at 15 (the worker's own threads are at 5).
      expect(threadNices().filter((n) => n === 15).length).toBe(1)
    } finally {
      await worker.terminate()
    }
  })
})
