/**
 * `npm run bench`: speed and memory figures, written to bench/results.json.
 * Ratios are measured side by side in one run, since these machines are noisy.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, statSync, writeFileSync, existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cpus, totalmem } from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { Backend } from '../src/backend/backend'
import { openSqlite } from '../src/backend/sqlite'
import { migrate } from '../src/core/db/migrate'
import { generateSampleData } from '../src/core/data/sample/generate'
import { writeSalesCsv } from './csv-fixture'
import { benchElasticityRun, benchMlRandomForest } from './elasticity'
import { benchElasticitySeeds, benchRetailSeeds } from './elasticity-seeds'
import { benchReference } from './reference'
import { benchStart } from './start'
import { benchMemory, runChildElasticity } from './memory'
import { benchLoad } from './load'
import { benchServe } from './serve'
import { benchPropensity } from './propensity'
import { benchPricing } from './pricing'
import { benchPipeline } from './pipeline'
import { benchRetail } from './retail'
import { benchCross } from './cross'
import { benchMarginInterval, type MarginKind } from './margin-interval'
import { benchAbtestCuped, benchAbtestSimulation } from './abtest'
import { benchAbtestDesigns } from './abtest-designs'
import { benchCustomers } from './customers'
import { benchBoostCores, runChildGbm } from './boost-cores'
import { benchCsvLongLines } from './csv-long-line'
import { benchTableReads } from './table-reads'
import { benchXlsx } from './xlsx'
import { benchProjectSize } from './project-size'
import { benchOlsCost } from './ols-cost'
import { benchTenMillion } from './ten-million'
import { benchTransactions } from './transactions'
import { benchPriceWorkbook, runChildWorkbook } from './price-workbook'
import { benchEventLoop } from './event-loop'
import { benchTablesCall } from './tables-call'
import { benchRecentLevels, runChildRecentLevels } from './recent-levels'
import { benchOptimizerScale } from './optimizer-scale'
import { benchDmlSplit, runChildDml } from './dml-split'

const root = join(__dirname, '../..')
const tmp = join(root, 'bench/tmp')

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function fresh(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true })
}

function benchGenerate() {
  const times: number[] = []
  for (let i = 0; i < 3; i++) {
    const p = join(tmp, 'gen.pricelab')
    fresh(p)
    const db = openSqlite(p)
    migrate(db)
    const t0 = performance.now()
    generateSampleData(db, { seed: 42, scale: 1 })
    times.push(performance.now() - t0)
    db.close()
  }
  return {
    generate_ms_median: Math.round(median(times)),
    generate_ms_runs: times.map(Math.round),
    target_ms: 3000
  }
}

/** Runs one import in a child process so its peak RSS is its own. */
function childImport(csv: string): {
  rows: number
  ms: number
  rows_per_second: number
  peak_rss_mb: number
  event_loop_delay_max_ms: number
  cpu_ms: number
} {
  const r = spawnSync(process.execPath, [__filename, '--child-import', csv], {
    encoding: 'utf8',
    maxBuffer: 1 << 20
  })
  if (r.status !== 0) throw new Error(`import child failed: ${r.stderr}`)
  return JSON.parse(r.stdout.trim().split('\n').pop() as string)
}

async function runChildImport(csv: string): Promise<void> {
  process.env.PRICELAB_HOME = join(tmp, 'home')
  const p = join(tmp, 'import.pricelab')
  fresh(p)
  const b = new Backend({ mode: 'cli', version: 'bench' })
  b.openProject(p, { create: true })
  const delay = monitorEventLoopDelay({ resolution: 5 })
  delay.enable()
  const cpu0 = process.cpuUsage()
  const staged = await b.call('file:stagePath', { path: csv })
  const pv = await b.call('import:preview', { fileId: staged.fileId })
  const r = await b.call('import:run', {
    jobId: 'bench',
    fileId: staged.fileId,
    plan: {
      target: {
        kind: 'dataset',
        name: 'sales',
        roles: { item: 'item_id', price: 'price', quantity: 'units' }
      },
      columns: pv.columns.map((c) => ({ source: c.name, target: c.name, type: c.type }))
    }
  })
  delay.disable()
  const cpu = process.cpuUsage(cpu0)
  b.close()
  const peak = process.resourceUsage().maxRSS / 1024
  console.log(
    JSON.stringify({
      rows: r.rows,
      ms: r.ms,
      rows_per_second: r.rowsPerSecond,
      peak_rss_mb: Math.round(peak),
      event_loop_delay_max_ms: Math.round(delay.max / 1e5) / 10,
      cpu_ms: Math.round((cpu.user + cpu.system) / 1000)
    })
  )
}

/** `sqlite3 .import` of the same file under GNU time: wall and CPU (user + system). */
function sqliteImport(csv: string): { ms: number; cpu_ms: number } | null {
  try {
    execFileSync('sqlite3', ['-version'], { stdio: 'ignore' })
  } catch {
    return null
  }
  const p = join(tmp, 'sqlite3-cli.db')
  fresh(p)
  const t0 = performance.now()
  const r = spawnSync('/usr/bin/time', ['-f', '@@%U %S', 'sqlite3', p, '.mode csv', `.import ${csv} sales`], {
    encoding: 'utf8'
  })
  const ms = performance.now() - t0
  const m = /@@([\d.]+) ([\d.]+)/.exec(r.stderr)
  return { ms, cpu_ms: m ? Math.round((Number(m[1]) + Number(m[2])) * 1000) : NaN }
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child-import') return runChildImport(process.argv[3])
  if (process.argv[2] === '--child-gbm')
    return runChildGbm(process.argv[3], Number(process.argv[4] ?? 1), process.argv[5] === 'warm')
  if (process.argv[2] === '--child-elasticity') return runChildElasticity(process.argv[3], process.argv[4])
  if (process.argv[2] === '--child-dml')
    return runChildDml(process.argv[3], process.argv[4], process.argv[5] as Parameters<typeof runChildDml>[2])
  if (process.argv[2] === '--child-recent')
    return runChildRecentLevels(process.argv[3], Number(process.argv[4]), Number(process.argv[5]))
  if (process.argv[2] === '--child-workbook')
    return runChildWorkbook(process.argv[3], Number(process.argv[4]))
  // `npm run bench -- data|elasticity|elasticity-seeds|reference [scales]|propensity|customers|pricing|workbook [items]|pipeline|csv|start|load|serve|memory [scales]|abtest|abtest-sim [replicates] [world seeds] [seed]|retail|reads [rows]|loop [scale] [runs]|tables [rows]|recent [rows] [items]|optimizer-scale [items,..] [weeks] [once]|transactions [lines] [parquet]|dml [scale] [edtech|retail]` runs one part, merged into an existing report.
  const only = process.argv[2]
  mkdirSync(tmp, { recursive: true })
  const out = join(root, 'bench/results.json')
  const previous: Record<string, unknown> =
    only && existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {}
  const results: Record<string, unknown> = {
    ...previous,
    when: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memory_gb: Math.round(totalmem() / 2 ** 30),
      node: process.version
    }
  }
  if (!only || only === 'data') await benchData(results)
  if (!only || only === 'retail') {
    console.log('retail sample: generate…')
    results.retail_generate = benchRetail(tmp)
  }
  if (!only || only === 'xlsx') {
    console.log('xlsx import: 100k rows…')
    results.xlsx_import = await benchXlsx(tmp)
  }
  if (!only || only === 'size') {
    console.log('project size: 1 vs 10 training runs…')
    results.project_size = await benchProjectSize(tmp)
  }
  if (!only || only === 'loop') {
    console.log('loop: the event loop while six models and DML train…')
    const arg = (k: number) => (process.argv[k] ? Number(process.argv[k]) : undefined)
    results.event_loop_training = await benchEventLoop(tmp, arg(3), arg(4))
  }
  if (!only || only === 'elasticity') {
    console.log('elasticity: six models…')
    results.elasticity = await benchElasticityRun(tmp)
    console.log('elasticity: ml-random-forest…')
    results.ml_random_forest = await benchMlRandomForest(tmp)
  }
  // The DML alone, serial against its fold tasks on one and on two workers: only when asked for.
  if (only === 'dml') {
    console.log('dml: serial against fold tasks on one and two workers…')
    results.dml_split = benchDmlSplit(
      tmp,
      process.argv[3] ? Number(process.argv[3]) : undefined,
      process.argv[4]
    )
  }
  // Long (retail and EdTech seeds 1–10, elasticity and pricing at each): only when asked for.
  if (only === 'cross') {
    // `none` runs no seed of that sample (e.g. `cross 3,5 none`).
    const seeds = (k: number) =>
      process.argv[k] === 'none' ? [] : process.argv[k] ? process.argv[k].split(',').map(Number) : undefined
    results.cross = await benchCross(tmp, seeds(3), seeds(4), process.argv[5] ? Number(process.argv[5]) : 1)
  }
  // Long (three panels × five seeds, elasticity and a margin sheet at each): only when asked for.
  // `margin-interval [edtech,retail,juice11] [1,2,3,4,5]`: the parts of one run merge into the report.
  if (only === 'margin-interval') {
    const kinds = process.argv[3] ? (process.argv[3].split(',') as MarginKind[]) : undefined
    const seeds = process.argv[4] ? process.argv[4].split(',').map(Number) : undefined
    const part = await benchMarginInterval(tmp, kinds, seeds)
    const before = (results.margin_interval ?? {}) as Record<string, unknown>
    results.margin_interval = { ...before, ...part }
  }
  // Long (ten generator seeds, the full run at each): only when asked for.
  if (only === 'elasticity-seeds') {
    console.log('elasticity: recommended elasticity at sample seeds 1–10…')
    results.elasticity_seeds = await benchElasticitySeeds(tmp)
    console.log('elasticity: the retail sample at seeds 1–5…')
    results.elasticity_retail_seeds = await benchRetailSeeds(tmp)
  }
  if (!only || only === 'reference') {
    console.log(
      'reference: forest and boosting against scikit-learn (and LightGBM), OLS against statsmodels…'
    )
    results.reference = benchReference(
      tmp,
      process.argv[3] ? process.argv[3].split(',').map(Number) : undefined
    )
  }
  if (!only || only === 'ols-cost') {
    console.log('ols-cost: pricelab elasticity --models ols against a statsmodels script…')
    results.ols_cost = await benchOlsCost(tmp, root)
  }
  if (!only || only === 'propensity') {
    console.log('propensity…')
    results.propensity = await benchPropensity(tmp)
  }
  if (only === 'boost-cores') {
    // `boost-cores [scales] [pricelab]`: `pricelab` times PriceLab's side alone (no Python references).
    results.boost_cores = benchBoostCores(
      tmp,
      process.argv[3] ? process.argv[3].split(',').map(Number) : undefined,
      process.argv[4] !== 'pricelab'
    )
  }
  if (!only || only === 'customers') {
    results.customers = benchCustomers(tmp, process.argv[3])
  }
  if (!only || only === 'pricing') {
    console.log('pricing: optimizer with every model…')
    results.pricing = await benchPricing(tmp)
  }
  if (!only || only === 'workbook') {
    console.log('workbook: 100,000 items, written and recalculated in LibreOffice…')
    results.price_workbook = benchPriceWorkbook(tmp, process.argv[3] ? Number(process.argv[3]) : undefined)
  }
  if (!only || only === 'pipeline') {
    console.log('pipeline: the whole study…')
    results.pipeline = await benchPipeline(tmp)
  }
  if (!only || only === 'csv') {
    console.log('csv: long lines…')
    results.csv_long_lines = await benchCsvLongLines()
  }
  if (only === 'reads') {
    // Not in the default run (it builds a large table): `npm run bench -- reads 10000000`.
    console.log('reads: a filtered, sorted read off the event loop…')
    results.table_reads = await benchTableReads(tmp, Number(process.argv[3] ?? 10_000_000))
  }
  if (only === 'tenmillion') {
    // Not in the default run (minutes): `npm run bench -- tenmillion [rows]`.
    results.ten_million = await benchTenMillion(tmp, root, Number(process.argv[3] ?? 10_000_000))
  }
  if (only === 'tables') {
    // Not in the default run: `npm run bench -- tables 10000000` writes a 10M-row project first (a minute or more).
    console.log('tables: data:tables on a large project…')
    results.tables_call = await benchTablesCall(tmp, process.argv[3] ? Number(process.argv[3]) : undefined)
  }
  if (only === 'optimizer-scale') {
    // Not in the default run (minutes at 100k items): `npm run bench -- optimizer-scale [items,..] [weeks]`.
    const sizes = process.argv[3] ? process.argv[3].split(',').map(Number) : undefined
    // `once`: only `weeks` (96150 104 is the 10M-row panel; without it 20M rows are imported as well).
    results.optimizer_scale = await benchOptimizerScale(
      tmp,
      root,
      sizes,
      Number(process.argv[4] ?? 26),
      process.argv[5] === 'once'
    )
  }
  if (only === 'recent') {
    // Not in the default run: `npm run bench -- recent 10000000 96150` (the panel) takes minutes.
    console.log("recent: the pricing catalog's recent levels, fixed slots against a Map per item…")
    const arg = (k: number) => (process.argv[k] ? Number(process.argv[k]) : undefined)
    results.recent_levels = benchRecentLevels(__filename, arg(3), arg(4))
  }
  if (only === 'transactions') {
    // Not in the default run: `npm run bench -- transactions [lines] [parquet]` (the target: 100000000).
    results.transactions = await benchTransactions(
      tmp,
      root,
      Number(process.argv[3] ?? 1_000_000),
      process.argv[4] === 'parquet'
    )
  }
  if (only === 'memory') {
    // Not in the default run: minutes per size. `npm run bench -- memory 8,10.7`.
    results.memory = benchMemory(tmp, (process.argv[3] ?? '8').split(','))
  }
  if (!only || only === 'start') {
    console.log('start: npm start to the first page…')
    results.start = await benchStart(root, tmp)
  }
  if (!only || only === 'load') {
    console.log('load: 50 clients on 127.0.0.1…')
    results.load = await benchLoad(tmp)
  }
  if (!only || only === 'serve') {
    console.log('serve: pricelab serve under autocannon, 50 connections on 127.0.0.1, beside node:http…')
    results.serve = await benchServe(tmp)
  }
  // Long (2,000 replicates × 3 designs: minutes): only when asked for. `npm run bench -- abtest-sim 2000 1,2 1`.
  if (only === 'abtest-sim') {
    console.log('abtest-sim: null and planted experiments per design on the retail sample…')
    results.abtest_designs = benchAbtestDesigns(
      process.argv[3] ? Number(process.argv[3]) : undefined,
      process.argv[4] ? process.argv[4].split(',').map(Number) : undefined,
      process.argv[5] ? Number(process.argv[5]) : undefined
    )
  }
  if (!only || only === 'abtest') {
    console.log('abtest: null and planted experiments, CUPED on the sample…')
    results.abtest = { simulation: benchAbtestSimulation(), cuped_sample: benchAbtestCuped(tmp) }
  }
  // Re-read before writing: another part may have finished meanwhile (parts can run side by side).
  const latest =
    only && existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>) : {}
  const mine = Object.fromEntries(Object.entries(results).filter(([k, v]) => previous[k] !== v))
  Object.assign(results, latest, mine)
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n')
  console.log(JSON.stringify(results, null, 2))
  console.log(`written to ${out}`)
}

async function benchData(results: Record<string, unknown>): Promise<void> {
  console.log('generate…')
  results.generate = benchGenerate()

  console.log('import…')
  const big = join(tmp, 'sales-1m.csv')
  const small = join(tmp, 'sales-250k.csv')
  if (!existsSync(big)) await writeSalesCsv(big, 1_000_000)
  if (!existsSync(small)) await writeSalesCsv(small, 250_000)
  const oursBig = childImport(big)
  const oursSmall = childImport(small)
  const sqlite = sqliteImport(big)
  const sqliteMs = sqlite?.ms ?? null
  results.import = {
    file_mb: Math.round((statSync(big).size / 1e6) * 10) / 10,
    rows: oursBig.rows,
    ms: oursBig.ms,
    rows_per_second: oursBig.rows_per_second,
    target_rows_per_second: 150_000,
    peak_rss_mb: oursBig.peak_rss_mb,
    peak_rss_mb_250k_rows: oursSmall.peak_rss_mb,
    // The import runs on the backend's event loop in chunks: other calls are served in between.
    event_loop_delay_max_ms: oursBig.event_loop_delay_max_ms,
    // Memory must not grow with file size: 4x the rows, about the same peak.
    rss_growth_1m_vs_250k: Math.round((oursBig.peak_rss_mb / oursSmall.peak_rss_mb) * 100) / 100,
    sqlite3_cli_import_ms: sqliteMs === null ? null : Math.round(sqliteMs),
    // sqlite3's .import stores text without type checks; PriceLab types, validates and locates every value.
    ratio_to_sqlite3_import: sqliteMs === null ? null : Math.round((oursBig.ms / sqliteMs) * 100) / 100,
    // CPU times: on a shared machine wall times of a 1-3 s job swing with the load; CPU time does not.
    cpu_ms: oursBig.cpu_ms,
    sqlite3_cli_import_cpu_ms: sqlite?.cpu_ms ?? null,
    cpu_ratio_to_sqlite3_import: sqlite ? Math.round((oursBig.cpu_ms / sqlite.cpu_ms) * 100) / 100 : null
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
