/**
 * Histograms on two threads. A boosting fit's arena lives in a shared WebAssembly memory; a helper thread (made
 * by the backend, src/backend/hist-helper.ts, and installed here with setHistogramHelper) instantiates the
 * kernels on the same memory and, for every large node, builds the histogram of one half of the features while
 * the fitting thread builds the other half. Each bin still sums its rows in the same order, so the trees are
 * the one-thread trees to the bit. The work is claimed, not assigned: the fitting thread takes what the helper
 * has not started, so a helper that is slow to wake (a busy machine) costs nothing but its absence.
 * Pure: Atomics over a SharedArrayBuffer, no Node API.
 */

/** Int32 slots of the control block (CONTROL_BYTES at the arena's `control` offset). */
const SEQ = 0
const STOP = 1
const START = 2
const END = 3
const HIST = 4
const NEXT = 5
const DONE = 6
const HELPER_CHUNKS = 7
export const CONTROL_BYTES = 64

/** Claims past this mean "no job": NEXT starts here so a helper attached before the first job claims nothing. */
const NO_JOB = 1 << 30
/** Two chunks: the halves of the features (each more would re-read the node's row list and gradients). */
const CHUNKS = 2
/** Polls before sleeping on a futex: a node's split search takes microseconds, a wake-up about as long. */
const SPINS = 4000
/** A helper silent this long while holding a half is gone (its thread died mid-chunk): fail, never hang. */
const STALLED_MS = 60_000

/** What the helper needs to run the kernels on a fit's memory: byte offsets and the feature count. */
export interface HelperLayout {
  control: number
  bins: number
  F: number
  grad: number
  rows: number
}

/** The histogram kernel over features [f0, f1) (see tree-kernels.wat). */
export type HistKernel = (
  bins: number,
  F: number,
  grad: number,
  rows: number,
  start: number,
  end: number,
  h: number,
  f0: number,
  f1: number
) => void

/** A second thread: `attach` hands it a fit's shared memory; it serves that fit's jobs until the fit closes. */
export interface HistogramHelper {
  attach(memory: object, layout: HelperLayout): void
}

let installed: HistogramHelper | null = null
let helperChunksTotal = 0
let sharedBuilds = 0

/** Installs (or, with null, removes) the helper boosting fits use from now on in this thread. */
export function setHistogramHelper(helper: HistogramHelper | null): void {
  installed = helper
}

export function histogramHelper(): HistogramHelper | null {
  return installed
}

/**
 * Counters of this thread's fits: histograms offered to the helper and half-histograms it built (a count of
 * work, not a time: tests read it to know the second thread really worked).
 */
export function histogramThreadStats(): { sharedBuilds: number; helperChunks: number } {
  return { sharedBuilds, helperChunks: helperChunksTotal }
}

function chunkFeatures(chunk: number, F: number): [number, number] {
  const half = Math.ceil(F / 2)
  return chunk === 0 ? [0, half] : [half, F]
}

/** Claims and builds chunks of the current job until none is left; returns how many it built. */
function claimChunks(c: Int32Array, hist: HistKernel, l: HelperLayout, helper: boolean): number {
  let built = 0
  for (;;) {
    const chunk = Atomics.add(c, NEXT, 1)
    if (chunk >= CHUNKS) return built
    // Read after the claim: the fitting thread writes a job's rows and histogram before opening its claims.
    const [f0, f1] = chunkFeatures(chunk, l.F)
    hist(
      l.bins,
      l.F,
      l.grad,
      l.rows,
      Atomics.load(c, START),
      Atomics.load(c, END),
      Atomics.load(c, HIST),
      f0,
      f1
    )
    built++
    // Counted before the chunk is reported done: once the fit sees every chunk done, the count is final.
    if (helper) Atomics.add(c, HELPER_CHUNKS, 1)
    Atomics.add(c, DONE, 1)
    if (helper) Atomics.notify(c, DONE)
  }
}

/** The fitting thread's side: one per arena with a helper attached. */
export class SharedHistograms {
  private readonly c: Int32Array

  constructor(
    buffer: ArrayBufferLike,
    private readonly layout: HelperLayout,
    private readonly hist: HistKernel
  ) {
    this.c = new Int32Array(buffer, layout.control, CONTROL_BYTES / 4)
    this.c.fill(0)
    Atomics.store(this.c, NEXT, NO_JOB)
  }

  /** Fills the histogram at byte offset h with rows[start, end), the helper taking a half if it is awake. */
  build(h: number, start: number, end: number): void {
    const c = this.c
    Atomics.store(c, START, start)
    Atomics.store(c, END, end)
    Atomics.store(c, HIST, h)
    Atomics.store(c, DONE, 0)
    Atomics.store(c, NEXT, 0)
    Atomics.add(c, SEQ, 1)
    Atomics.notify(c, SEQ)
    sharedBuilds++
    const own = claimChunks(c, this.hist, this.layout, false)
    if (own === CHUNKS) return
    // The helper holds the other chunk: wait for it (it is running, so briefly).
    let spins = 0
    let waited = 0
    for (;;) {
      const done = Atomics.load(c, DONE)
      if (done >= CHUNKS) return
      if (spins++ < SPINS) continue
      if (Atomics.wait(c, DONE, done, 1000) === 'timed-out' && (waited += 1000) >= STALLED_MS)
        throw new Error('the histogram helper thread stopped answering')
    }
  }

  /** Ends the helper's service of this fit (it returns to its thread's message loop) and counts its work. */
  close(): void {
    const c = this.c
    Atomics.store(c, NEXT, NO_JOB)
    Atomics.store(c, STOP, 1)
    Atomics.add(c, SEQ, 1)
    Atomics.notify(c, SEQ)
    helperChunksTotal += Atomics.load(c, HELPER_CHUNKS)
  }
}

/**
 * The helper thread's side: serves the fit whose control block is at layout.control until it closes.
 * Blocks its thread (that is its whole job); returns when the fit ends.
 */
export function serveHistograms(buffer: ArrayBufferLike, layout: HelperLayout, hist: HistKernel): void {
  const c = new Int32Array(buffer, layout.control, CONTROL_BYTES / 4)
  for (;;) {
    const seen = Atomics.load(c, SEQ)
    if (Atomics.load(c, STOP)) return
    claimChunks(c, hist, layout, true)
    let spins = 0
    while (Atomics.load(c, SEQ) === seen && spins++ < SPINS);
    Atomics.wait(c, SEQ, seen)
  }
}
