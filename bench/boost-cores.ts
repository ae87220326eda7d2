import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { makeSplits, DEFAULT_PLAN } from '../src/core/elasticity/train'
import { target } from '../src/core/elasticity/models'
import { treeDesign } from '../src/core/elasticity/design'
import { DEFAULT_GBM, fitGbm, predictGbm, type GbmParams } from '../src/core/ml/gbm'
import { MAX_BINS } from '../src/core/ml/binning'
import { rSquared } from '../src/core/ml/r-squared'
import { histogramThreadStats } from '../src/core/ml/hist-threads'
import { installHistogramHelper, warmUpTreeLearner } from '../src/backend/hist-helper'
import { float64Dumper, referencePython, samplePanel } from './reference'

/** Rounds of every fit: the same trees for all three libraries (no subsampling, no early stopping). */
const ROUNDS = 80
const SAME_TREES: GbmParams = { ...DEFAULT_GBM, subsample: 1, earlyStoppingRounds: 0, nEstimators: ROUNDS }

interface Timing {
  wall_ms: number
  cpu_ms: number
}

function timed<T>(fn: () => T): { value: T } & Timing {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const value = fn()
  const c = process.cpuUsage(c0)
  return {
    value,
    wall_ms: Math.round(performance.now() - t0),
    cpu_ms: Math.round((c.user + c.system) / 1000)
  }
}

const load1 = () => Math.round(loadavg()[0] * 10) / 10

/**
 * `--child-gbm DIR THREADS [warm]`: a fresh process (as a worker is) fits the dumped design twice and prints
 * both timings and the test R²: the first fit pays for compiling, the second shows the warm cost. With 2
 * threads the process installs the histogram helper as a training worker does; without `warm` it starts with
 * the first large fit (its start-up is part of the first fit); with `warm` the process first warms up as a
 * training worker does while idle (warmUpTreeLearner: the helper started, small fits), timed apart as
 * `warm_up`, so first fit + warm-up is the cold cost with warm-up counted. CPU counts every thread.
 */
export async function runChildGbm(dir: string, threads = 1, warm = false): Promise<void> {
  const helper = threads >= 2 && installHistogramHelper({ cores: threads })
  let warmUp: Timing | null = null
  if (warm) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    await warmUpTreeLearner()
    const c = process.cpuUsage(c0)
    warmUp = { wall_ms: Math.round(performance.now() - t0), cpu_ms: Math.round((c.user + c.system) / 1000) }
  }
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { F: number }
  const read = (name: string) => {
    const b = readFileSync(join(dir, name))
    return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8)
  }
  const X = read('tree_X_train.f64')
  const y = read('y_train.f64')
  const Xte = read('tree_X_test.f64')
  const yte = read('y_test.f64')
  // Each fit with the load average at its start and the helper's work during it (half-histograms built).
  const fit = () => {
    const load = load1()
    const before = histogramThreadStats()
    const t = timed(() => fitGbm(X, y, meta.F, SAME_TREES))
    const after = histogramThreadStats()
    return {
      ...t,
      load_average_1m: load,
      shared_histograms: after.sharedBuilds - before.sharedBuilds,
      helper_halves: after.helperChunks - before.helperChunks,
      // Every kind of job (histograms, partitions of large nodes, leaf updates) and the chunks the helper ran.
      shared_jobs: after.sharedJobs - before.sharedJobs,
      helper_job_chunks: after.helperJobChunks - before.helperJobChunks,
      // Jobs whose end the fitting thread waited for (the helper still in a chunk), that wait, the helper's sleeps.
      fitting_thread_waits: after.waits - before.waits,
      fitting_thread_wait_ms: Math.round(after.waitMs - before.waitMs),
      helper_sleeps: after.helperSleeps - before.helperSleeps,
      // Jobs the fitting thread ran alone, the helper lagging (its core taken by other work).
      jobs_kept_alone: after.soloJobs - before.soloJobs
    }
  }
  const first = fit()
  const later = fit()
  const r2 = rSquared(yte, predictGbm(later.value, Xte, yte.length))
  const strip = ({ value: _, ...rest }: ReturnType<typeof fit>) => rest
  process.stdout.write(
    JSON.stringify({
      threads: helper ? 2 : 1,
      ...(warmUp ? { warm_up: warmUp } : {}),
      first: strip(first),
      later: strip(later),
      test_r2: r2
    }) + '\n'
  )
  // The helper thread is unreferenced: the process ends here.
}

function childGbm(dir: string, threads: number, warm = false): Record<string, unknown> {
  const args = [process.argv[1], '--child-gbm', dir, String(threads), ...(warm ? ['warm'] : [])]
  const out = execFileSync(process.execPath, args, {
    encoding: 'utf8',
    maxBuffer: 1 << 20
  })
  return JSON.parse(out.trim().split('\n').pop() as string) as Record<string, unknown>
}

/** LightGBM and HistGradientBoosting with `threads` threads, each fit twice in one fresh Python process. */
function python(dir: string, threads: number): Record<string, unknown> {
  try {
    const out = execFileSync(
      referencePython(),
      [join(__dirname, '../../bench/boost-cores.py'), dir, String(threads)],
      {
        encoding: 'utf8',
        env: { ...process.env, OMP_NUM_THREADS: String(threads) },
        maxBuffer: 1 << 20
      }
    )
    return JSON.parse(out) as Record<string, unknown>
  } catch (e) {
    return { skipped: `LightGBM/scikit-learn not available: ${(e as Error).message.split('\n')[0]}` }
  }
}

/**
 * Boosting with the cores the machine has: PriceLab on one thread and on two (the histogram helper), each in
 * a fresh process, first and later fit, against LightGBM and HistGradientBoosting on 1 and 2 threads, same
 * trees, on the sample panel at the given scales (4 ≈ 290k, 8 ≈ 586k training rows). Runs side by side.
 * `references = false` (`boost-cores 4 pricelab`) times PriceLab's side alone.
 */
export function benchBoostCores(tmp: string, scales = [4, 8], references = true): Record<string, unknown> {
  const sizes = scales.map((scale) => {
    console.log(`boost-cores: sample scale ${scale}…`)
    const panel = samplePanel(tmp, scale)
    const { split } = makeSplits(panel, DEFAULT_PLAN)
    const tr = treeDesign(panel, split.train)
    const te = treeDesign(panel, split.test)
    const dir = join(tmp, `boost-cores-${scale}`)
    const dump = float64Dumper(dir)
    dump('tree_X_train.f64', tr.X)
    dump('tree_X_test.f64', te.X)
    dump('y_train.f64', target(panel, split.train))
    dump('y_test.f64', target(panel, split.test))
    const gbm = { ...SAME_TREES, maxBins: MAX_BINS }
    writeFileSync(
      join(dir, 'meta.json'),
      JSON.stringify({ F: tr.F, n_train: split.train.length, n_test: split.test.length, gbm })
    )
    // One thread each, then ROUNDS_ALTERNATED rounds of PriceLab on two threads (cold, then warmed) and the
    // references on two: the machine's speed drifts by a third within minutes here, so a ratio compares runs a few
    // seconds apart, and the verdict is the median round's. Each with the 1-minute load average at its start.
    const run = <T>(fn: () => T) => ({ load_average_1m: load1(), ...fn() })
    const one = run(() => childGbm(dir, 1))
    const ref1 = references ? run(() => python(dir, 1)) : { skipped: 'asked for PriceLab alone' }
    const rounds = Array.from({ length: ROUNDS_ALTERNATED }, () => {
      const two = run(() => childGbm(dir, 2))
      const twoWarm = run(() => childGbm(dir, 2, true))
      const ref2 = references ? run(() => python(dir, 2)) : { skipped: 'asked for PriceLab alone' }
      return { two, twoWarm, ref2, ratios: { ...ratios(two, ref2), ...warmedRatios(twoWarm, ref2) } }
    })
    const median = medianRound(rounds)
    const size = {
      scale,
      rows_train: split.train.length,
      features: tr.F,
      pricelab_one_thread: one,
      // The round whose cold first-fit ratio is the median one.
      pricelab_two_threads: median.two,
      pricelab_two_threads_warmed: median.twoWarm,
      reference_1_thread: ref1,
      reference_2_threads: median.ref2,
      // Per ratio, the median over the rounds; every round's ratios beside.
      ratios: medianRatios(rounds.map((r) => r.ratios)),
      ratios_by_round: rounds.map((r) => r.ratios),
      load_average: loadavg().map((x) => Math.round(x * 10) / 10)
    }
    // Printed as it comes: a size's figures survive a later size's interruption.
    console.log(JSON.stringify(size))
    return size
  })
  return {
    note: 'first = the first fit in a fresh process (compiles and the helper thread start included), later = a second fit there; PriceLab on two threads (cold and warmed) and the references on two are alternated 3 times (ratios: the median round per ratio, ratios_by_round: each round; pricelab_two_threads / _warmed / reference_2_threads: the round with the median cold first-fit ratio); pricelab_two_threads_warmed: a fresh process that first warms up as a training worker does while idle (warm_up timed apart); PriceLab on 1 and 2 threads (histogram helper), the references on 1 and 2 (OMP_NUM_THREADS, num_threads); wall and CPU from the same run (CPU counts every thread of the process); load_average_1m at the start of each; target: PriceLab 2-thread wall ≤ LightGBM 2-thread wall, first fit included',
    settings: { ...SAME_TREES, maxBins: MAX_BINS },
    sizes
  }
}

type Fits = Record<string, unknown>

/** Rounds of PriceLab two threads / warmed / the references on two, alternated, per scale. */
const ROUNDS_ALTERNATED = 3

/** The round whose cold first-fit ratio is the median (the first round when no ratio could be computed). */
function medianRound<R extends { ratios: Record<string, number | null> }>(rounds: R[]): R {
  const key = 'first_wall_vs_lightgbm_2_threads'
  const ranked = rounds.filter((r) => r.ratios[key] !== null)
  if (!ranked.length) return rounds[0]
  ranked.sort((a, b) => (a.ratios[key] as number) - (b.ratios[key] as number))
  return ranked[(ranked.length - 1) >> 1]
}

/** Per ratio, the median of the rounds' values (null when no round has one). */
function medianRatios(rounds: Record<string, number | null>[]): Record<string, number | null> {
  const out: Record<string, number | null> = {}
  for (const key of Object.keys(rounds[0] ?? {})) {
    const xs = rounds
      .map((r) => r[key])
      .filter((x): x is number => x !== null)
      .sort((a, b) => a - b)
    out[key] = xs.length ? xs[(xs.length - 1) >> 1] : null
  }
  return out
}

/**
 * The same after a warm-up (a training worker warms while idle): the first fit alone, and the first fit with
 * the warm-up's wall added (a task that arrives as the worker starts waits for it).
 */
function warmedRatios(warmed: Fits, reference: Fits): Record<string, number | null> {
  const lgb = (reference.lightgbm_same_trees as Record<string, Timing> | undefined)?.first?.wall_ms ?? NaN
  const first = (warmed.first as Timing | undefined)?.wall_ms ?? NaN
  const warm = (warmed.warm_up as Timing | undefined)?.wall_ms ?? NaN
  const r = (x: number) => (Number.isFinite(x) ? Math.round(x * 100) / 100 : null)
  return {
    first_wall_after_warm_up_vs_lightgbm_2_threads: r(first / lgb),
    first_wall_with_warm_up_counted_vs_lightgbm_2_threads: r((first + warm) / lgb)
  }
}

/** PriceLab's two-thread wall over LightGBM's two-thread wall, first and later fit (null when either is missing). */
function ratios(pricelab: Fits, reference: Fits): Record<string, number | null> {
  const wall = (r: unknown, k: string) =>
    ((r as Record<string, Timing> | undefined)?.[k]?.wall_ms ?? NaN) as number
  const lgb = reference.lightgbm_same_trees
  const q = (k: string) => {
    const x = wall(pricelab, k) / wall(lgb, k)
    return Number.isFinite(x) ? Math.round(x * 100) / 100 : null
  }
  return { first_wall_vs_lightgbm_2_threads: q('first'), later_wall_vs_lightgbm_2_threads: q('later') }
}
