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

/** One stretch of work between two turns, kept when it passed `keepOverMs` (see `startLoopProbe`). */
export interface LoopStretch {
  /** When the stretch ended, in microseconds of the monotonic clock (`process.hrtime`, as V8's CPU profiles). */
  endUs: number
  /** Wall time between the two turns, beyond the timer's period. */
  gapMs: number
  /** CPU time of the thread between the two turns (null where the OS does not say). */
  busyMs: number | null
}

export interface LoopReport {
  /** The longest wall-clock gap between two turns, beyond the timer's period. */
  longestGapMs: number
  /** The most CPU time the thread spent between two turns (null where the OS does not say). */
  longestBusyMs: number | null
  /** Turns observed. */
  turns: number
  /** The stretches longer than `keepOverMs` (busy, or gap where CPU time is unknown), in order. */
  stretches: LoopStretch[]
}

const SCHEDSTAT = '/proc/thread-self/schedstat'

function threadCpuNs(): number | null {
  try {
    return Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0])
  } catch {
    return null
  }
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n)
const round = (x: number) => Math.round(x * 10) / 10

/**
 * `keepOverMs`: stretches longer than this are listed with their end time, so that a CPU profile of the same
 * process (`node --cpu-prof`) can say what ran in them (`bench/profile-stretches.ts`).
 */
export function startLoopProbe(everyMs = 2, keepOverMs = Infinity): LoopProbe {
  let longestGap = 0
  let longestBusy: number | null = threadCpuNs() === null ? null : 0
  let turns = 0
  const stretches: LoopStretch[] = []
  let last = performance.now()
  let lastCpu = threadCpuNs()
  const sample = () => {
    const now = performance.now()
    const cpu = threadCpuNs()
    const gap = now - last - everyMs
    const busy = cpu !== null && lastCpu !== null ? (cpu - lastCpu) / 1e6 : null
    longestGap = Math.max(longestGap, gap)
    if (busy !== null && longestBusy !== null) longestBusy = Math.max(longestBusy, busy)
    if ((busy ?? gap) > keepOverMs)
      stretches.push({ endUs: nowUs(), gapMs: round(gap), busyMs: busy === null ? null : round(busy) })
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
      return {
        longestGapMs: round(Math.max(0, longestGap)),
        longestBusyMs: longestBusy === null ? null : round(longestBusy),
        turns,
        stretches
      }
    }
  }
}
