// Issue 28, "tests that can fail": no sleeps and no wall-clock assertions in tests; a test waits on an event or a
// state. The observation counted 19 `waitForTimeout` calls in e2e, 5 sleeps in unit tests and a `> 200` ms
// assertion; they were removed once, and one sleep came back with a later merge. This scan keeps them out.
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { root, sources } from './source-files'

const SLEEP = [
  /\.waitForTimeout\(/,
  /new Promise\(\s*\(?\s*\w+\s*\)?\s*=>\s*setTimeout\(\s*\w+\s*,/,
  /expect\(\s*(performance\.now|Date\.now)\(\)/,
  /\b(sleep|delay)\(\s*\d/
]

// The few timers a test needs, each with its reason.
const ALLOWED: { file: string; line: string; reason: string }[] = []

const hits = () =>
  sources(`${root}/test`)
    .map((f) => relative(root, f))
    .filter((f) => f !== 'test/shared/tests-wait-on-state.test.ts')
    .flatMap((file) =>
      readFileSync(`${root}/${file}`, 'utf8')
        .split('\n')
        .map((line, i) => ({ at: `${file}:${i + 1}`, line: line.trim() }))
        .filter((l) => SLEEP.some((r) => r.test(l.line)))
        .filter((l) => !ALLOWED.some((a) => l.at.startsWith(`${a.file}:`) && l.line.includes(a.line)))
    )

describe('tests wait on events or state (issue 28)', () => {
  it('no waitForTimeout, no sleep promise, no wall-clock assertion anywhere in test/', () => {
    expect(hits().map((h) => `${h.at}: ${h.line.slice(0, 120)}`)).toEqual([])
  })
})
