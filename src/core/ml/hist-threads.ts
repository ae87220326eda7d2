/**
 * A boosting fit on two threads. The fit's arena lives in a shared WebAssembly memory; a helper thread (made by
 * the backend, src/backend/hist-helper.ts, and installed here with setHistogramHelper) instantiates the kernels
 * on the same memory and serves the fit's jobs: a large node's histogram, the leaf update and gradients between
 * trees, the binning of the design. Every job is cut in two chunks at a point fixed by the job alone (a node's rows cut
 * in the middle, the fit's rows cut in the middle), each chunk writing its own place, and the fitting thread
 * combines them in a fixed order: the result is the same bits whichever thread ran which chunk, and the same
 * as a fit with no helper (kernels.ts runs both chunks itself then). The work is claimed, not assigned: the
 * fitting thread takes what the helper has not started, so a helper slow to wake (a busy machine) costs
 * nothing but its absence. Pure: Atomics over a SharedArrayBuffer, no Node API.
 */

/** Int32 slots of the control block (CONTROL_BYTES at the arena's `control` offset). */
const SEQ = 0
const STOP = 1
const NEXT = 2
const DONE = 3
const HELPER_HIST = 4
const HELPER_ALL = 5
/** The job's kind, its number of chunks, and its arguments (ARGS slots), read by the chunk runner. */
export const KIND = 6
const COUNT = 7
export const ARG = 8
export const ARGS = 10
/** Float64 results of the chunks at byte RESULT_F64_BYTE (two: the boosting step's gradient sums). */
export const RESULT_F64_BYTE = 96
/** Times the helper went to sleep on a futex during the fit (after POLL_MS without a job). */
const HELPER_SLEEPS = 28
/**
 * Who may work on the memory: the fit's epoch E (its helper may still join), −E (the helper is serving it), 0
 * (neither: no helper is inside nor can one enter, so the memory may serve another fit: memoryFree). The helper
 * joins by turning E into −E and leaves by writing 0; a fit that closes before its helper joined writes 0 in
 * its place, so an attach that arrives late (the helper busy or still starting) finds another value and leaves
 * without touching a memory that may already serve the next fit.
 */
const OWNER = 29
/** Pages of a fresh memory the helper touched first while it waited for jobs (prefault). */
const HELPER_PAGES = 30
/**
 * Bytes (from the control block's start) of the fitting thread's and the helper's two cursors in a split job
 * (kernels.ts), each on a cache line of its own: each thread writes its own after each of its blocks.
 */
export const CURSOR_FRONT = 128
export const CURSOR_BACK = 192
export const CONTROL_BYTES = 256

/** The control block's Int32 slots of the memory whose control block is at `control`. */
const controlBlock = (buffer: ArrayBufferLike, control: number) =>
  new Int32Array(buffer, control, CONTROL_BYTES / 4)

/** Job kinds: kernels.ts runs them (chunkRunner); the histogram's are counted apart (the tests read them). */
export const JOB_HIST = 1

/**
 * Claims are counts below CLAIMS: a job of k chunks opens NEXT at CLAIMS − k, so claim v < CLAIMS is chunk
 * v − CLAIMS + k, and every claim past the job's last chunk is ≥ CLAIMS whatever k is. The validity of a claim is
 * in the claim itself: a thread that claims late (its core taken between the claim and the reading of the count)
 * can never take a number of the next job, whose count may be larger. (Comparing the claim with the count read
 * after it did: a stale claim of a 2-chunk job read the next job's count of 8 and ran one of its chunks twice.)
 */
const CLAIMS = 16
/** Claims past this mean "no job": NEXT starts here so a helper attached before the first job claims nothing. */
const NO_JOB = 1 << 30
/**
 * A job is 2 to MAX_CHUNKS chunks, claimed one at a time by whichever thread is free; the cut is fixed by the
 * job (never by who is awake). More chunks than threads: a helper that loses its core to another process
 * mid-job holds a small share of it, not half, and the fitting thread takes the rest.
 */
export const MAX_CHUNKS = 8
/**
 * Polls before sleeping on a futex (the fitting thread's wait for the helper's chunk, which is running).
 * ~100 µs; a futex wake-up costs tens.
 */
const SPINS = 50_000
/**
 * How long the helper polls for the next job before sleeping on a futex. The fitting thread's stretches between
 * two jobs (a subtree of small nodes, a split search) measured 0.3–3 ms for a fifth of the jobs at 586k rows:
 * with ~0.4 ms of polling the helper slept before ~1,600 jobs of a fit's 5,000 and woke too late for many of
 * them (the fitting thread ran both chunks). Between fits it sleeps.
 */
const POLL_MS = 1
/** A helper silent this long while holding a chunk is gone (its thread died mid-chunk): fail, never hang. */
const STALLED_MS = 60_000

/** What the helper needs to run the kernels on a fit's memory: byte offsets and sizes (kernels.ts lays it out). */
export interface HelperLayout {
  /** The fit's number on its memory (OWNER): a helper serves only the fit it was attached to. */
  epoch: number
  control: number
  bins: number
  n: number
  F: number
  grad: number
  rows: number
  /** The second row list (a split writes a node's children to the list its rows are not in). */
  rows2: number
  /**
   * Each row list's records, cstride bytes a position (a multiple of 16, at least F + 4): its row's codes, then
   * its gradient in the last 4 bytes. Splits move them with the rows, so a node's codes and gradients are read
   * front to back (a root holding every row in order reads `bins` and `grad`).
   */
  codes: number
  codes2: number
  cstride: number
  /** MAX_CHUNKS − 1 more histogram slots, one after the other: chunk i ≥ 1 of a node's histogram sums into slot i − 1. */
  extra: number
  /** Bytes of a histogram slot. */
  histBytes: number
  /** Binning's two blocks of X (row-major doubles) and the features' edges (256 doubles each). */
  x: number
  edges: number
  /**
   * A fresh memory (not an earlier arena's): its pages cost a fault on first touch (~11–14 µs each on the 2-core
   * VM, and faults of two threads do not overlap), so the helper touches them while it waits for jobs (prefault).
   */
  fresh: boolean
  /** Boosting's scores region (0 when the arena has none): predictions, targets, leaf per row, leaf values, leaf ranges. */
  pred: number
  y: number
  leafOf: number
  vals: number
  leaves: number
}

/** Runs chunk `chunk` (0 or 1) of the job described in the control block c (its KIND and ARG slots). */
export type ChunkRunner = (c: Int32Array, chunk: number) => void

/** A second thread: `attach` hands it a fit's shared memory; it serves that fit's jobs until the fit closes. */
export interface HistogramHelper {
  attach(memory: object, layout: HelperLayout): void
}

let installed: HistogramHelper | null = null
let helperChunksTotal = 0
let sharedBuilds = 0
let sharedJobsTotal = 0
let helperJobChunksTotal = 0
let waitsTotal = 0
let waitMsTotal = 0
let helperSleepsTotal = 0
let helperPagesTotal = 0
let soloJobsTotal = 0
/**
 * Share of the fitting thread's time on recent offered jobs spent waiting for the helper (moving averages) past
 * which it keeps the next LAG_PAUSE jobs to itself.
 */
const LAG_SHARE = 0.3
const LAG_PAUSE = 1024
/**
 * Below this average wait (ms) a job never counts as lagging. A helper that lost its core costs a time slice
 * (milliseconds); one on its own core costs at most a chunk, or a wake-up from its futex (tens of µs). At 0.05 ms
 * the rule fired on a quiet 2-core machine (≈3,000 of 5,000 jobs kept alone at 586k rows: later fit 2.0–2.3 s
 * against 1.3–1.5 s at 1 ms, where it never fired), so only a wait of a time slice's order counts.
 */
const LATE_MS = 1

/** Installs (or, with null, removes) the helper boosting fits use from now on in this thread. */
export function setHistogramHelper(helper: HistogramHelper | null): void {
  installed = helper
}

export function histogramHelper(): HistogramHelper | null {
  return installed
}

/**
 * Counters of this thread's fits (tests and the bench read them to know the second thread really worked):
 * histograms offered to the helper and the chunks of them it built; jobs of every kind offered (histograms,
 * leaf updates, binning) and the chunks of them it ran; the jobs whose end the fitting thread
 * waited for (the helper still running a chunk) and that waiting's total in ms; the helper's sleeps on a futex;
 * the jobs the fitting thread kept to itself because the helper lagged (TwoThreadJobs.lagged).
 */
export function histogramThreadStats(): {
  sharedBuilds: number
  helperChunks: number
  sharedJobs: number
  helperJobChunks: number
  waits: number
  waitMs: number
  helperSleeps: number
  soloJobs: number
  helperPages: number
} {
  return {
    sharedBuilds,
    helperChunks: helperChunksTotal,
    sharedJobs: sharedJobsTotal,
    helperJobChunks: helperJobChunksTotal,
    waits: waitsTotal,
    waitMs: waitMsTotal,
    helperSleeps: helperSleepsTotal,
    soloJobs: soloJobsTotal,
    helperPages: helperPagesTotal
  }
}

/**
 * The chunk a claim (the value NEXT had when the thread added 1 to it) stands for, or −1 (no chunk left, no job).
 * A valid claim's job cannot end before its chunk is done, so the count read here is that job's. Exported for
 * the test that interleaves a late claim with the opening of the next job.
 */
export function chunkOfClaim(c: Int32Array, claim: number): number {
  return claim >= CLAIMS ? -1 : claim - CLAIMS + Atomics.load(c, COUNT)
}

/** Claims and runs chunks of the current job until none is left; returns how many it ran. */
function claimChunks(c: Int32Array, run: ChunkRunner, helper: boolean): number {
  let ran = 0
  for (;;) {
    const chunk = chunkOfClaim(c, Atomics.add(c, NEXT, 1))
    if (chunk < 0) return ran
    // The job's kind and arguments are read after the claim: the fitting thread writes them before opening it.
    run(c, chunk)
    ran++
    // Counted before the chunk is reported done: once the fit sees every chunk done, the count is final.
    if (helper) {
      Atomics.add(c, HELPER_ALL, 1)
      if (Atomics.load(c, KIND) === JOB_HIST) Atomics.add(c, HELPER_HIST, 1)
    }
    Atomics.add(c, DONE, 1)
    if (helper) Atomics.notify(c, DONE)
  }
}

/** The fitting thread's side: one per arena with a helper attached. */
export class TwoThreadJobs {
  readonly c: Int32Array
  readonly results: Float64Array
  private readonly epoch: number

  constructor(
    buffer: ArrayBufferLike,
    layout: HelperLayout,
    private readonly run: ChunkRunner
  ) {
    this.c = controlBlock(buffer, layout.control)
    this.results = new Float64Array(buffer, layout.control + RESULT_F64_BYTE, 2)
    this.c.fill(0)
    Atomics.store(this.c, NEXT, NO_JOB)
    this.epoch = layout.epoch
    Atomics.store(this.c, OWNER, this.epoch)
  }

  /** Sets argument i of the next job (before `runJob`). */
  arg(i: number, value: number): void {
    Atomics.store(this.c, ARG + i, value)
  }

  /**
   * Moving averages (ms) of the fitting thread's wait and whole time per offered job, and how many jobs it
   * keeps to itself before offering one again.
   */
  private waitAvg = 0
  private jobAvg = 0
  private alone = 0

  /** Runs the `chunks` chunks of a job of `kind` (arguments set with `arg`), the helper taking some if awake. */
  runJob(kind: number, chunks: number): void {
    const c = this.c
    Atomics.store(c, KIND, kind)
    Atomics.store(c, COUNT, chunks)
    if (kind === JOB_HIST) sharedBuilds++
    if (this.keepsAlone()) {
      // The helper has been lagging (its core taken by other work): the same chunks, in order, here.
      for (let chunk = 0; chunk < chunks; chunk++) this.run(c, chunk)
      return
    }
    sharedJobsTotal++
    Atomics.store(c, DONE, 0)
    Atomics.store(c, NEXT, CLAIMS - chunks)
    Atomics.add(c, SEQ, 1)
    Atomics.notify(c, SEQ)
    const t0 = performance.now()
    const own = claimChunks(c, this.run, false)
    if (own === chunks) {
      this.lagged(0, performance.now() - t0)
      return
    }
    // The helper holds the last chunk: wait for it (it is running, so briefly).
    let spins = 0
    let waited = 0
    const t1 = performance.now()
    for (;;) {
      const done = Atomics.load(c, DONE)
      if (done >= chunks) {
        const t2 = performance.now()
        waitsTotal++
        waitMsTotal += t2 - t1
        this.lagged(t2 - t1, t2 - t0)
        return
      }
      if (spins++ < SPINS) continue
      if (Atomics.wait(c, DONE, done, 1000) === 'timed-out' && (waited += 1000) >= STALLED_MS)
        throw new Error('the histogram helper thread stopped answering')
    }
  }

  /** Whether the next job runs here alone, the helper lagging (counted as a job kept alone). */
  private keepsAlone(): boolean {
    if (this.alone <= 0) return false
    this.alone--
    sharedJobsTotal++
    soloJobsTotal++
    return true
  }

  /**
   * A helper on its own core finishes its last chunk about when the fitting thread finishes its own: the wait is
   * a small share of a job (at most a chunk of 2 to 8). A helper that loses its core mid-chunk (a machine busier
   * than its cores, or both training workers fitting, four threads on two cores) makes the fitting thread wait
   * for whole time slices: when waiting is past LAG_SHARE of its recent time (and not microseconds), the next
   * LAG_PAUSE jobs run here alone (the helper sleeps), then sharing resumes.
   */
  private lagged(wait: number, job: number): void {
    this.waitAvg = 0.9 * this.waitAvg + 0.1 * wait
    this.jobAvg = 0.9 * this.jobAvg + 0.1 * job
    if (this.waitAvg > LATE_MS && this.waitAvg > LAG_SHARE * this.jobAvg) {
      this.waitAvg = 0
      this.jobAvg = 0
      this.alone = LAG_PAUSE
    }
  }

  /** Ends the helper's service of this fit (it returns to its thread's message loop) and counts its work. */
  close(): void {
    const c = this.c
    Atomics.store(c, NEXT, NO_JOB)
    Atomics.store(c, STOP, 1)
    Atomics.add(c, SEQ, 1)
    Atomics.notify(c, SEQ)
    helperChunksTotal += Atomics.load(c, HELPER_HIST)
    helperJobChunksTotal += Atomics.load(c, HELPER_ALL)
    helperSleepsTotal += Atomics.load(c, HELPER_SLEEPS)
    helperPagesTotal += Atomics.load(c, HELPER_PAGES)
    // A helper that has not joined never will (it leaves when it reads another value).
    Atomics.compareExchange(c, OWNER, this.epoch, 0)
  }
}

/**
 * How long memoryFree waits for a helper that is leaving (told to stop: microseconds on its own core; a time
 * slice or more when its core is taken, as it runs at background priority). Against a fresh memory's page
 * faults (~3 ms a MB on the 2-core VM) a wait this long is cheap.
 */
const LEAVE_MS = 20

/**
 * Whether the memory whose control block is at `control` serves no fit and no helper (OWNER is 0): the arena may
 * reuse it. A helper still leaving a closed fit is waited for up to LEAVE_MS (a helper exists only where threads
 * may block); past that the memory counts as taken.
 */
export function memoryFree(buffer: ArrayBufferLike, control: number): boolean {
  const c = controlBlock(buffer, control)
  if (Atomics.load(c, OWNER) === 0) return true
  if (Atomics.load(c, OWNER) > 0 || !Atomics.load(c, STOP)) return false
  const t0 = performance.now()
  for (;;) {
    const owner = Atomics.load(c, OWNER)
    if (owner === 0) return true
    const left = LEAVE_MS - (performance.now() - t0)
    if (left <= 0) return false
    Atomics.wait(c, OWNER, owner, left)
  }
}

/**
 * The helper thread's side: serves the fit whose control block is at layout.control until it closes.
 * Blocks its thread (that is its whole job); returns when the fit ends.
 */
export function serveJobs(buffer: ArrayBufferLike, layout: HelperLayout, run: ChunkRunner): void {
  const c = controlBlock(buffer, layout.control)
  if (Atomics.compareExchange(c, OWNER, layout.epoch, -layout.epoch) !== layout.epoch) return
  try {
    serve(c, run, layout.fresh ? new Prefault(buffer, layout.bins) : null)
  } finally {
    Atomics.store(c, OWNER, 0)
    Atomics.notify(c, OWNER)
  }
}

/** Pages of the memory whose control block is at `control` that its helper touched first so far (tests). */
export function pagesTouched(buffer: ArrayBufferLike, control: number): number {
  return Atomics.load(controlBlock(buffer, control), HELPER_PAGES)
}

/**
 * Whether the helper of the memory whose control block is at `control` has gone to sleep for want of a job since
 * the fit opened (tests: on a fresh memory it has touched every page by then, as it touches them before it sleeps).
 */
export function helperSlept(buffer: ArrayBufferLike, control: number): boolean {
  return Atomics.load(controlBlock(buffer, control), HELPER_SLEEPS) > 0
}

/** Bytes between two touches: the fault maps 4 KB pages. */
const PAGE_BYTES = 4096

/**
 * A fresh memory's pages, touched one at a time by the helper while it has no job: from the codes (`bins`, the
 * binning job writes them first) to the end, then the rest. The touch is an atomic add of 0: it writes the page
 * (a read would map the shared zero page, to be faulted again by the first write) without changing any value,
 * whatever the fitting thread writes meanwhile.
 */
class Prefault {
  private readonly words: Int32Array
  private next: number
  private readonly first: number

  constructor(buffer: ArrayBufferLike, from: number) {
    this.words = new Int32Array(buffer)
    this.first = Math.floor(from / PAGE_BYTES) * PAGE_BYTES
    this.next = this.first
  }

  /** Touches the next page; false once every page is touched. */
  touch(c: Int32Array): boolean {
    if (this.next < 0) return false
    Atomics.add(this.words, this.next >> 2, 0)
    Atomics.add(c, HELPER_PAGES, 1)
    this.next += PAGE_BYTES
    // After the last page, the pages before the codes (the control block's own is in use: skipped).
    if (this.next >= this.words.byteLength) this.next = this.first > PAGE_BYTES ? PAGE_BYTES : -1
    else if (this.next === this.first) this.next = -1
    return true
  }
}

function serve(c: Int32Array, run: ChunkRunner, prefault: Prefault | null): void {
  for (;;) {
    const seen = Atomics.load(c, SEQ)
    if (Atomics.load(c, STOP)) return
    claimChunks(c, run, true)
    // Pages to touch while no job is open (each a fault of ~10 µs: the next job waits at most that long).
    while (prefault && Atomics.load(c, SEQ) === seen) if (!prefault.touch(c)) prefault = null
    const t0 = performance.now()
    let spins = 0
    while (Atomics.load(c, SEQ) === seen)
      if ((++spins & 1023) === 0 && performance.now() - t0 > POLL_MS) break
    if (Atomics.load(c, SEQ) === seen) Atomics.add(c, HELPER_SLEEPS, 1)
    Atomics.wait(c, SEQ, seen)
  }
}
