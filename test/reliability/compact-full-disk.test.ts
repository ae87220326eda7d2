import { describe, expect, it } from 'vitest'
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { toErrorBody } from '../../src/backend/error-body'
import { Backend } from '../../src/backend/backend'
import type { Db } from '../../src/core/db/port'
import { tempDir } from '../helpers'

/**
 * Issue 29, messages: "the disk is full: nothing was written" after compaction had already deleted a run.
 * A disk that fills during VACUUM cannot be produced on demand here (a loop mount needs privileges), so
 * the failure is injected: the project's writer connection throws SQLite's own SQLITE_FULL at one step.
 */
const FULL = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })

async function projectWithRuns(n: number): Promise<Backend> {
  const b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(join(tempDir(), 'p.pricelab'), { create: true })
  const ins = b.project.writer.prepare(
    "INSERT INTO elasticity_runs (dataset, dataset_version, best_model, plan_json, report_json, created_at) VALUES ('sample', 1, 'ols', '{}', ?, ?)"
  )
  for (let i = 0; i < n; i++) ins.run('x'.repeat(200_000), `2026-01-0${i + 1}T00:00:00.000Z`)
  return b
}

const runCount = (b: Backend) =>
  (
    b.project.reader.prepare<{ n: number }>('SELECT count(*) AS n FROM elasticity_runs').get() as {
      n: number
    }
  ).n

/** Makes one step of the writer throw a full disk. */
function failAt(db: Db, step: 'VACUUM' | 'incremental_vacuum'): void {
  const exec = db.exec.bind(db)
  const pragma = db.pragma.bind(db)
  Object.assign(db, {
    exec: (sql: string) => {
      if (step === 'VACUUM' && sql.trim() === 'VACUUM') throw FULL()
      return exec(sql)
    },
    pragma: (sql: string) => {
      if (sql === step) throw FULL()
      return pragma(sql)
    }
  })
}

describe('compacting on a full disk deletes nothing (issue 29)', () => {
  for (const step of ['VACUUM', 'incremental_vacuum'] as const)
    it(`a full disk at ${step}: storage, "no run was deleted", and every run is still there`, async () => {
      const b = await projectWithRuns(5)
      failAt(b.project.writer, step)
      const r = await b.dispatch('project:compact', {})
      expect(r.ok ? r.value : r.error).toEqual({
        code: 'storage',
        message: expect.stringMatching(
          /^the disk is full while .*: the project was not compacted and no run was deleted/
        )
      })
      expect(runCount(b)).toBe(5)
      b.close()
    })

  it('with room on the disk, the old runs go and the file shrinks', async () => {
    const b = await projectWithRuns(5)
    const r = await b.call('project:compact', {})
    expect(r.runsDeleted).toBe(2)
    expect(runCount(b)).toBe(3)
    expect(r.bytesAfter).toBeLessThan(r.bytesBefore)
    b.close()
  })
})

describe('save as on a full disk (issue 29: `database or disk is full`, internal)', () => {
  it("the copy failing in its worker with SQLite's words is storage, names the file, and leaves nothing", async () => {
    const dir = tempDir()
    const b = new Backend({ mode: 'cli', version: 'test' })
    b.openProject(join(dir, 'p.pricelab'), { create: true })
    const dest = join(dir, 'copy.pricelab')
    // A worker's error arrives as its message only (no code): injected as such.
    const failed = await b.project
      .saveCopy(dest, async (tmp) => {
        writeFileSync(tmp, 'half a copy')
        throw new Error('database or disk is full')
      })
      .catch((e: unknown) => toErrorBody(e))
    expect(failed).toEqual({
      code: 'storage',
      message: `the disk is full: ${dest} was not written (any earlier file there is unchanged). Free some space and try again.`
    })
    expect(readdirSync(dir).filter((f) => f.includes('copy'))).toEqual([])
    b.close()
  })
})
