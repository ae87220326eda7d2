import { constants, setPriority } from 'node:os'

/**
 * Puts the calling thread at background priority (nice 10), so the main thread, which serves the window,
 * gets a core as soon as it has work even while training keeps both cores busy: on 2 cores the training
 * workers and their histogram helpers are four busy threads, and the event loop waited behind them (gaps of
 * 55–100 ms with under 10 ms of its own work). Linux only: there the nice value belongs to the thread; on
 * other systems the same call would lower the whole process, window included.
 */
export function backgroundThread(): void {
  if (process.platform !== 'linux') return
  try {
    setPriority(0, constants.priority.PRIORITY_BELOW_NORMAL)
  } catch {
    // A system that refuses (a sandbox without setpriority) keeps normal priority: slower windows, same results.
  }
}
