import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from '../helpers'

const script = join(__dirname, 'fixtures/browser-train-probe.ts')

/** Linux says how much CPU time a thread used: the probe's figure that a loaded machine does not inflate. */
const threadCpu = existsSync('/proc/thread-self/schedstat')

/**
 * The most CPU time the server's main thread may spend without its event loop turning, during a whole
 * six-model + DML run in browser mode (the bound is 50 ms of wall time). Measured after the fix on the
 * shared 2-core VM at load average 9–15: 8–18 ms at scale 0.1, 13.6 ms at scale 1. Before: 43–64 ms at scale
 * 0.1 (the shortest of three runs 35.6 ms), 188–199 ms at scale 1 (Intl's first use, the report's
 * serialization and the save in one piece, the answer's JSON, the log checkpoint in the commit).
 */
const BOUND_MS = 25

interface ProbeRun {
  status: number
  models: number
  dml: boolean
  deflates: number
  pruned_bodies: number
  events: number
  loop: { longestGapMs: number; longestBusyMs: number | null; turns: number }
  rf_quantity: number | null
}

/** One training run through the browser-mode server, in its own process, with the probe on its main thread. */
function probeRun(): ProbeRun {
  const out = execFileSync(process.execPath, ['--import', 'tsx', script, tempDir()], {
    encoding: 'utf8',
    timeout: 300_000
  })
  return JSON.parse(out.trim().split('\n').at(-1) as string) as ProbeRun
}

describe('training six models and DML in browser mode leaves the server main thread free', () => {
  it(`compresses model bodies in the workers, and the event loop never works ${BOUND_MS} ms without turning`, () => {
    const run = probeRun()
    expect(run.status).toBe(200)
    expect(run.models).toBe(6)
    expect(run.dml).toBe(true)
    // The client saw the job's progress on /api/events while the call ran.
    expect(run.events).toBeGreaterThan(2)
    // The probed save pruned the oldest run's bodies (the project held the runs that keep theirs).
    expect(run.pruned_bodies).toBe(6)
    // The forest's body (megabytes of JSON) was serialized and deflated in its worker, not on the main thread.
    expect(run.deflates).toBe(0)
    expect(run.loop.turns).toBeGreaterThan(10)
    // The most CPU time the main thread spent between two turns of its event loop. CPU time, not wall time:
    // on a shared machine a wall-clock gap also counts waits for a core. On this VM the kernel now and then
    // charges a thread ~100 ms it did not run (a stalled virtual CPU; the CPU profile of such a stretch holds
    // no sample), so a run over the bound is taken again, up to three, and the shortest counts: a stall the
    // code makes comes back in every run.
    if (threadCpu) {
      let busy = run.loop.longestBusyMs as number
      for (let k = 0; k < 2 && busy >= BOUND_MS; k++)
        busy = Math.min(busy, probeRun().loop.longestBusyMs as number)
      expect(busy).toBeLessThan(BOUND_MS)
    }
    // The stored forest still prices.
    expect(run.rf_quantity).toBeGreaterThan(0)
  }, 900_000)
})
