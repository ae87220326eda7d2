import { constants, getPriority, setPriority } from 'node:os'

/**
 * Puts the calling thread at background priority (nice 10), so the main thread, which serves the window,
 * gets a core as soon as it has work even while training keeps both cores busy: on 2 cores the training
 * workers and their histogram helpers are four busy threads, and the event loop waited behind them (gaps of
 * 55–100 ms with under 10 ms of its own work). Linux only: there the nice value belongs to the thread; on
 * other systems the same call would lower the whole process, window included.
 */
export function backgroundThread(): void {
  runAtNice(constants.priority.PRIORITY_BELOW_NORMAL)
}

/** The calling thread's nice value (Linux: per thread), or 0 elsewhere. */
export function threadNice(): number {
  if (process.platform !== 'linux') return 0
  try {
    return getPriority(0)
  } catch {
    // A system that refuses getpriority (a sandbox): read as normal priority, the helper's offset from 0.
    return 0
  }
}

/** How far below its fitting thread's priority a histogram helper runs (nice steps; Linux caps nice at 19). */
export const HELPER_NICE_STEP = 10

/** The nice value of a histogram helper serving a thread at `fitting` (hist-helper.ts). */
export const helperNice = (fitting: number): number => Math.min(19, fitting + HELPER_NICE_STEP)

/**
 * Puts the calling thread at the given nice value (Linux only, as backgroundThread). A histogram helper runs
 * below its fitting thread: on an idle core it helps fully; when other work wants the core (another process,
 * the other training worker's fit) it yields, rather than time-slicing its fitting thread's core with it.
 */
export function runAtNice(nice: number): void {
  if (process.platform !== 'linux' || threadNice() === nice) return
  try {
    setPriority(0, nice)
  } catch {
    // Refused (a sandbox without setpriority, or raising priority without privileges): the thread keeps the
    // priority it has: slower windows or fits, the same results.
  }
}
