import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { siblingTemp } from '../../src/backend/safe-output'
import { stagingDir } from '../../src/backend/study/report-dir'
import { tempDir } from '../helpers'

/**
 * Issue 29 item 11 (rest): kills left `.REPORTDIR.xxxx.partial` and `.copy.pricelab.xxxx.tmp`
 * (+ journal) that were never cleaned up. Temporary names now carry the writer's process id;
 * a dead writer's leftovers are removed the next time a project is opened (or a report is
 * staged) in that folder, a living writer's are left alone.
 */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''])
  expect(child.status).toBe(0)
  return child.pid as number
}

describe('leftovers of a killed PriceLab are cleaned at the next open', () => {
  it("a dead process's save-as copy, its journal and a staged report folder go; a living one's stay", async () => {
    const dir = tempDir()
    const path = join(dir, 'p.pricelab')
    const b = new Backend({ mode: 'cli', version: 'test' })
    expect((await b.dispatch('project:create', { path })).ok).toBe(true)
    b.close()
    const dead = deadPid()
    const copy = join(dir, `.copy.pricelab.${dead}-0123abcd.tmp`)
    writeFileSync(copy, 'half a copy')
    writeFileSync(`${copy}-journal`, 'journal')
    const report = join(dir, `.REPORT.${dead}-89abcdef.partial`)
    mkdirSync(report)
    writeFileSync(join(report, 'report.html'), '<html>')
    // A save-as running right now in this process (a living writer): not touched.
    const live = siblingTemp(join(dir, 'other.pricelab'))
    writeFileSync(live, 'being written')
    const mine = join(dir, 'notes.tmp')
    writeFileSync(mine, "the analyst's own file")

    const again = new Backend({ mode: 'cli', version: 'test' })
    expect((await again.dispatch('project:open', { path })).ok).toBe(true)
    again.close()
    expect([copy, `${copy}-journal`, report].filter(existsSync)).toEqual([])
    expect([live, mine].every(existsSync)).toBe(true)
  })

  it("staging a report cleans a dead run's staged folder beside it", async () => {
    const dir = tempDir()
    const left = join(dir, `.out.${deadPid()}-00ff00ff.partial`)
    mkdirSync(left)
    const tmp = await stagingDir(join(dir, 'out'))
    expect(existsSync(left)).toBe(false)
    expect(tmp).toMatch(new RegExp(`\\.out\\.${process.pid}-[0-9a-f]{8}\\.partial$`))
  })
})
