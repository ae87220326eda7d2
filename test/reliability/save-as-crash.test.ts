import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Backend } from '../../src/backend/backend'
import { tempDir } from '../helpers'

const child = join(__dirname, 'fixtures/work-child.ts')

/**
 * Starts "save as" in a child and SIGKILLs it the moment the destination appears
 * (or `delayMs` after the copy starts, whichever comes first).
 */
function saveAsAndKill(project: string, dest: string, delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, project, 'saveas', dest], {
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let timer: NodeJS.Timeout | null = null
    const kill = () => {
      if (timer) clearInterval(timer)
      if (p.exitCode === null) p.kill('SIGKILL')
    }
    p.stdout.on('data', (d: Buffer) => {
      if (!d.toString().includes('started') || timer) return
      const t0 = Date.now()
      timer = setInterval(() => {
        if (existsSync(dest) || Date.now() - t0 >= delayMs) kill()
      }, 1)
    })
    p.on('exit', () => {
      if (timer) clearInterval(timer)
      resolve()
    })
  })
}

function learners(path: string): number {
  const db = new Database(path, { readonly: true })
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    return (db.prepare('SELECT count(*) AS n FROM learners').get() as { n: number }).n
  } finally {
    db.close()
  }
}

describe('save as under SIGKILL (issue 17, item 2)', () => {
  it('leaves the destination absent or complete, never a half copy that opens as an empty project', async () => {
    const dir = tempDir()
    const src = join(dir, 'big.pricelab')
    const b = new Backend({ mode: 'cli', version: 'test' })
    b.openProject(src, { create: true })
    await b.call('data:generate', { jobId: 'g', seed: 4, scale: 0.3 })
    b.close()
    const expected = learners(src)
    let absent = 0
    for (const [i, delay] of [1e9, 1e9, 5, 40].entries()) {
      const dest = join(dir, `copy${i}.pricelab`)
      await saveAsAndKill(src, dest, delay)
      if (!existsSync(dest)) {
        absent++
        continue
      }
      // Whatever exists under the name is the whole project, and opens as such.
      expect(existsSync(`${dest}-journal`)).toBe(false)
      expect(learners(dest)).toBe(expected)
      const again = new Backend({ mode: 'cli', version: 'test' })
      again.openProject(dest, { create: false })
      expect((await again.call('data:tables', {})).find((t) => t.name === 'learners')?.rows).toBe(expected)
      again.close()
    }
    expect(absent).toBeGreaterThan(0)
    // The original is untouched.
    expect(learners(src)).toBe(expected)
    expect(readdirSync(dir).filter((f) => f.startsWith('copy') && f.endsWith('-journal'))).toEqual([])
  }, 60_000)
})
