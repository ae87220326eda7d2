import { readFileSync } from 'node:fs'

/**
 * Watches the event loop of the thread that starts it: a timer fires every `everyMs`, and each turn records
 * the wall-clock gap since the previous turn and the CPU time this thread spent in between (Linux
 * `/proc/thread-self/schedstat`, nanoseconds). On a machine shared with other work a gap also counts the
 * time the thread waited for a core; the CPU time of a gap counts only the thread's own work, so
 * `longestBusyMs` (the most work the thread did without the loop turning) is the figure that load does not
 * inflate. Event-driven: it reads the loop's own turns, no sleep decides anything.
 */
export interface LoopProbe {
  /** Stops the timer and returns the figures. */
  stop(): LoopReport
}

export interface LoopReport {
  /** The longest wall-clock gap between two turns, beyond the timer's period. */
  longestGapMs: number
  /** The most CPU time the thread spent between two turns (null where the OS does not say). */
  longestBusyMs: number | null
  /** Turns observed. */
  turns: number
}

const SCHEDSTAT = '/proc/thread-self/schedstat'

function threadCpuNs(): number | null {
  try {
    return Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0])
  } catch {
    return null
  }
}

export function startLoopProbe(everyMs = 2): LoopProbe {
  let longestGap = 0
  let longestBusy: number | null = threadCpuNs() === null ? null : 0
  let turns = 0
  let last = performance.now()
  let lastCpu = threadCpuNs()
  const sample = () => {
    const now = performance.now()
    const cpu = threadCpuNs()
    longestGap = Math.max(longestGap, now - last - everyMs)
    if (cpu !== null && lastCpu !== null && longestBusy !== null)
      longestBusy = Math.max(longestBusy, (cpu - lastCpu) / 1e6)
    last = now
    lastCpu = cpu
    turns++
  }
  const timer = setInterval(sample, everyMs)
  return {
    stop(): LoopReport {
      clearInterval(timer)
      // The stretch since the last turn counts too: work that ends just before `stop` (a promise resolved at
      // the end of a long synchronous step) would otherwise never be followed by a turn that sees it.
      sample()
      const r = (x: number) => Math.round(x * 10) / 10
      return {
        longestGapMs: r(Math.max(0, longestGap)),
        longestBusyMs: longestBusy === null ? null : r(longestBusy),
        turns
      }
    }
  }
}
