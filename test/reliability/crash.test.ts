import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import Database from 'better-sqlite3'
import { Backend } from '../../src/backend/backend'
import { tempDir } from '../helpers'

const child = join(__dirname, 'fixtures/work-child.ts')
const ROWS = 400_000

async function project(dir: string): Promise<string> {
  const path = join(dir, 'p.pricelab')
  const b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(path, { create: true })
  await b.call('data:generate', { jobId: 'g', seed: 2, scale: 0.05 })
  b.close()
  return path
}

async function bigCsv(dir: string): Promise<string> {
  const path = join(dir, 'big.csv')
  const out = createWriteStream(path)
  out.write('sku,price,units\n')
  for (let i = 0; i < ROWS; i += 1000) {
    let s = ''
    for (let k = i; k < i + 1000; k++) s += `S${k % 997},${(10 + (k % 50) / 7).toFixed(2)},${k % 31}\n`
    if (!out.write(s)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  return path
}

/**
 * Runs the child to its `after`th progress event (0 = right after start), where it stops dead
 * and says "holding"; then SIGKILLs it. `after` = Infinity runs it to the end. A child that
 * finishes before it holds reports finished: the tests require killed, so that fails them.
 */
function runAndKill(args: string[], after: number): Promise<{ killed: boolean; finished: boolean }> {
  return new Promise((resolve) => {
    const env = { ...process.env, ...(Number.isFinite(after) ? { PRICELAB_HOLD_AT: String(after) } : {}) }
    const p = spawn(process.execPath, ['--import', 'tsx', child, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env
    })
    let finished = false
    p.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        if (line === 'done') finished = true
        if (line === 'holding' && !p.killed) p.kill('SIGKILL')
      }
    })
    p.on('exit', (_code, signal) => resolve({ killed: signal === 'SIGKILL', finished }))
  })
}

function inspect(path: string) {
  const db = new Database(path)
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      datasets: db.prepare('SELECT name, row_count FROM datasets').all() as {
        name: string
        row_count: number
      }[],
      bigTable: (
        db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'ds_big'").get() as { n: number }
      ).n,
      bigRows: (() => {
        try {
          return (db.prepare('SELECT count(*) AS n FROM ds_big').get() as { n: number }).n
        } catch {
          return null
        }
      })(),
      runs: db.prepare('SELECT run_id, report_json FROM elasticity_runs').all() as {
        run_id: number
        report_json: string
      }[],
      models: db.prepare('SELECT run_id, count(*) AS n FROM models GROUP BY run_id').all() as {
        run_id: number
        n: number
      }[],
      learners: (db.prepare('SELECT count(*) AS n FROM learners').get() as { n: number }).n
    }
  } finally {
    db.close()
  }
}

describe('crash safety (SIGKILL mid-work)', () => {
  it('an import killed at several points leaves an intact project with the whole file or none of it', async () => {
    const dir = tempDir()
    const path = await project(dir)
    const csv = await bigCsv(dir)
    // At the start, early and late (an import of this file reports about four progress events).
    for (const after of [0, 1, 3]) {
      const r = await runAndKill([path, 'import', csv], after)
      // The kill happened mid-import (a run that finished first would prove nothing).
      expect(r).toEqual({ killed: true, finished: false })
      const s = inspect(path)
      expect(s.integrity).toBe('ok')
      expect(s.learners).toBe(500)
      expect(s.datasets).toEqual([])
      expect(s.bigTable).toBe(0)
    }
    // Left alone, the same import writes the whole file.
    expect(await runAndKill([path, 'import', csv], Infinity)).toEqual({ killed: false, finished: true })
    expect(inspect(path).bigRows).toBe(ROWS)
  }, 180_000)

  it('training killed mid-way leaves only complete runs in the model registry', async () => {
    const dir = tempDir()
    const path = await project(dir)
    const complete = await runAndKill([path, 'train'], Infinity)
    expect(complete.finished).toBe(true)
    for (const after of [0, 4]) {
      const r = await runAndKill([path, 'train'], after)
      expect(r).toEqual({ killed: true, finished: false })
      const s = inspect(path)
      expect(s.integrity).toBe('ok')
      // The finished run is intact; the killed ones left nothing behind.
      expect(s.runs).toHaveLength(1)
      const report = JSON.parse(s.runs[0].report_json) as { models: unknown[] }
      expect(report.models).toHaveLength(6)
      expect(s.models).toEqual([{ run_id: s.runs[0].run_id, n: 6 }])
    }
  }, 180_000)
})
