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
import { float64Dumper, samplePanel } from './reference'

/** Rounds of every fit: the same trees for all three libraries (no subsampling, no early stopping). */
const ROUNDS = 80
const SAME_TREES: GbmParams = { ...DEFAULT_GBM, subsample: 1, earlyStoppingRounds: 0, nEstimators: ROUNDS }

/** The Python with scikit-learn and LightGBM (PRICELAB_BENCH_PYTHON, e.g. a venv's; else the system's). */
export const referencePython = () => process.env.PRICELAB_BENCH_PYTHON ?? '/usr/bin/python3'

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

/**
 * `--child-gbm DIR`: a fresh process (as a worker is) fits the dumped design twice and prints both timings
 * and the test R²: the first fit pays for compiling, the second shows the warm cost.
 */
export function runChildGbm(dir: string): void {
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { F: number }
  const read = (name: string) => {
    const b = readFileSync(join(dir, name))
    return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8)
  }
  const X = read('tree_X_train.f64')
  const y = read('y_train.f64')
  const Xte = read('tree_X_test.f64')
  const yte = read('y_test.f64')
  const first = timed(() => fitGbm(X, y, meta.F, SAME_TREES))
  const later = timed(() => fitGbm(X, y, meta.F, SAME_TREES))
  const r2 = rSquared(yte, predictGbm(later.value, Xte, yte.length))
  const strip = ({ wall_ms, cpu_ms }: Timing) => ({ wall_ms, cpu_ms })
  process.stdout.write(JSON.stringify({ first: strip(first), later: strip(later), test_r2: r2 }) + '\n')
}

function childGbm(dir: string): Record<string, unknown> {
  const out = execFileSync(process.execPath, [process.argv[1], '--child-gbm', dir], {
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
 * Boosting with the cores the machine has: PriceLab (one thread: its fit does not use a second core) in a
 * fresh process, first and later fit, against LightGBM and HistGradientBoosting on 1 and 2 threads, same
 * trees, on the sample panel at the given scales (4 ≈ 290k, 8 ≈ 586k training rows). Runs side by side.
 */
export function benchBoostCores(tmp: string, scales = [4, 8]): Record<string, unknown> {
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
    const pricelab = childGbm(dir)
    const one = python(dir, 1)
    const two = python(dir, 2)
    const size = {
      scale,
      rows_train: split.train.length,
      features: tr.F,
      pricelab_one_thread: pricelab,
      reference_1_thread: one,
      reference_2_threads: two,
      load_average: loadavg().map((x) => Math.round(x * 10) / 10)
    }
    // Printed as it comes: a size's figures survive a later size's interruption.
    console.log(JSON.stringify(size))
    return size
  })
  return {
    note: 'first = the first fit in a fresh process (compiles included), later = a second fit there; PriceLab fits on one thread, the references on 1 and 2 (OMP_NUM_THREADS, num_threads); wall and CPU from the same run; target: PriceLab wall ≤ LightGBM 2-thread wall',
    settings: { ...SAME_TREES, maxBins: MAX_BINS },
    sizes
  }
}
