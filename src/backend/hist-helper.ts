import { Worker } from 'node:worker_threads'
import { availableParallelism } from 'node:os'
import { histogramHelper, setHistogramHelper } from '../core/ml/hist-threads'
import { warmUpBoosting } from '../core/ml/warm-up'
import { startWorker, workerScript } from './worker-script'
import { helperNice, threadNice } from './thread-priority'

export interface HelperOptions {
  /** Cores to assume (default: what the OS grants this process); below 2 no helper is made. */
  cores?: number
  /** The worker script (default: the built hist-helper.worker.js, or the TypeScript source under tsx). */
  workerFile?: string
}

let current: Worker | null = null
let ready: Promise<void> = Promise.resolve()
let spawnHelper: (() => Worker) | null = null

/**
 * Gives this thread's boosting fits a second thread for their histograms (src/core/ml/hist-threads.ts): a
 * worker started now (idle until a large fit attaches; it sleeps on a futex) and restarted by the next fit
 * if it ever dies; a fit runs alone until the helper is up (it only takes work it can claim). Nothing is made
 * on one core. Works from
 * the main thread and from a training worker alike (a nested worker). Returns whether a helper is installed.
 */
export function installHistogramHelper(opts: HelperOptions = {}): boolean {
  if (histogramHelper()) return true
  if ((opts.cores ?? availableParallelism()) < 2) return false
  const file = opts.workerFile ?? workerScript('hist-helper.worker')
  const spawn = (): Worker => {
    // The helper runs below the priority of the thread whose fits it serves (this one): see thread-priority.ts.
    const w = startWorker(file, { workerData: { nice: helperNice(threadNice()) } })
    // An idle helper must not keep the process alive.
    w.unref()
    const forget = () => {
      if (current === w) current = null
    }
    w.on('error', forget)
    w.on('exit', forget)
    ready = new Promise((resolve) => {
      const onReady = () => resolve()
      w.once('message', onReady)
      w.once('exit', onReady)
    })
    return w
  }
  spawnHelper = spawn
  // Started now, not by the first large fit: it is up (module compiled, listening) by the time a fit starts,
  // as a training worker's helper was already (its warm-up starts it while idle).
  current ??= spawn()
  setHistogramHelper({
    attach(memory, layout) {
      current ??= spawn()
      current.postMessage({ memory, layout })
    }
  })
  return true
}

/** Starts the helper now if installed and settles once it listens for fits (tests; fits never wait). */
export function histogramHelperReady(): Promise<void> {
  if (!current && spawnHelper && histogramHelper()) current = spawnHelper()
  return ready
}

/** Removes the helper: later fits run on their own thread (tests; a process that wants its core back). */
export async function removeHistogramHelper(): Promise<void> {
  setHistogramHelper(null)
  spawnHelper = null
  const w = current
  current = null
  if (w) await w.terminate()
}

/**
 * Warms a training thread before its first task: starts its helper (if one is installed) and, once it listens,
 * runs small boosting fits here (core/ml/warm-up.ts), shared with the helper, so the thread's first real fit
 * runs optimized code on both threads. Call it while the thread is idle: it yields while the helper starts,
 * and is skipped if a real fit has started meanwhile (that fit compiled everything already), or when `wanted`
 * says no once the helper listens (the thread's first work was pricing, which fits no trees: on 2 cores the
 * warm-up's two threads only took CPU from the main thread pricing). Returns the rows fitted (0: skipped).
 */
export async function warmUpTreeLearner(wanted: () => boolean = () => true): Promise<number> {
  if (histogramHelper()) await histogramHelperReady()
  return wanted() ? warmUpBoosting() : 0
}
