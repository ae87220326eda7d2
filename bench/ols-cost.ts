import { execFileSync, spawnSync } from 'node:child_process'
import { createWriteStream, existsSync } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import { Backend } from '../src/backend/backend'
import { openSqlite } from '../src/backend/sqlite'
import { loadSamplePanel } from '../src/core/elasticity/panel'

interface Timed {
  wall_ms: number
  cpu_ms: number
  peak_rss_mb: number
}

/** One command under GNU time: wall, user + system CPU (children included) and peak RSS. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Timed & { stdout: string } {
  const r = spawnSync('/usr/bin/time', ['-f', '@@%e %U %S %M', cmd, ...args], {
    encoding: 'utf8',
    env,
    maxBuffer: 1 << 26
  })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.slice(-500)}`)
  const m = /@@([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr)
  if (!m) throw new Error(`no timing from /usr/bin/time: ${r.stderr.slice(-200)}`)
  return {
    wall_ms: Math.round(Number(m[1]) * 1000),
    cpu_ms: Math.round((Number(m[2]) + Number(m[3])) * 1000),
    peak_rss_mb: Math.round(Number(m[4]) / 1024),
    stdout: r.stdout
  }
}

/** The sample panel as a CSV (same rows the CLI trains on) for the statsmodels script. */
async function writePanelCsv(
  project: string,
  csv: string
): Promise<{ numeric: string[]; categorical: string[] }> {
  const db = openSqlite(project, { readonly: true, mustExist: true })
  const panel = loadSamplePanel(db)
  db.close()
  const out = createWriteStream(csv)
  const names = panel.controls.map((c) => c.name)
  out.write(['item', 'segment', 'price', 'quantity', ...names].join(',') + '\n')
  for (let i = 0; i < panel.n; i++) {
    const ctl = panel.controls.map((c) => (c.levels ? `L${c.values[i]}` : String(c.values[i])))
    const line = [panel.item[i], panel.segment[i], panel.price[i], panel.quantity[i], ...ctl].join(',') + '\n'
    if (!out.write(line)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  return {
    numeric: panel.controls.filter((c) => !c.levels).map((c) => c.name),
    categorical: panel.controls.filter((c) => c.levels).map((c) => c.name)
  }
}

/**
 * `npm run bench -- ols-cost`: one command, one model. `pricelab elasticity --models ols` (DML
 * auto: not run) against a statsmodels script on the same rows (read, log-log OLS with item fixed
 * effects and clustered errors, per-segment elasticities), each a fresh process timed whole; and
 * the same command with `--dml on` (what every call cost before DML was on request), then again
 * (the cached estimate).
 */
export async function benchOlsCost(tmp: string, root: string): Promise<Record<string, unknown>> {
  const env = {
    ...process.env,
    PRICELAB_HOME: join(tmp, 'home'),
    OMP_NUM_THREADS: '1',
    OPENBLAS_NUM_THREADS: '1'
  }
  const project = join(tmp, 'ols-cost.pricelab')
  if (!existsSync(project)) {
    const b = new Backend({ mode: 'cli', version: 'bench' })
    b.openProject(project, { create: true })
    await b.call('data:generate', { jobId: 'g', seed: 42, scale: 1 })
    b.close()
  }
  const csv = join(tmp, 'ols-cost-panel.csv')
  const meta = await writePanelCsv(project, csv)
  const run = (...extra: string[]) => {
    const t = timed(
      process.execPath,
      [join(root, 'bin/pricelab.cjs'), 'elasticity', '--db', project, '--models', 'ols', '--json', ...extra],
      env
    )
    const r = JSON.parse(t.stdout) as {
      wall_ms: number
      dml?: unknown
      recommended_model: string
      models: { train_ms: number }[]
    }
    return {
      wall_ms: t.wall_ms,
      cpu_ms: t.cpu_ms,
      peak_rss_mb: t.peak_rss_mb,
      run_wall_ms: r.wall_ms,
      dml: r.dml,
      recommended_model: r.recommended_model
    }
  }
  const ols = [run(), run(), run()].sort((a, b) => a.wall_ms - b.wall_ms)[1]
  // A fresh cache for the DML figures: the project's cache table emptied first.
  const w = openSqlite(project)
  w.exec('DELETE FROM dml_cache')
  w.close()
  const dmlOn = run('--dml', 'on')
  const dmlCached = run('--dml', 'on')
  let script: (Timed & { script_ms: number; segments: unknown }) | { skipped: string }
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import statsmodels, pandas'], { stdio: 'ignore' })
    const runs = [0, 1, 2].map(() => {
      const t = timed('/usr/bin/python3', [join(root, 'bench/ols-script.py'), csv, JSON.stringify(meta)], env)
      const o = JSON.parse(t.stdout) as { script_ms: number; segments: unknown }
      return {
        wall_ms: t.wall_ms,
        cpu_ms: t.cpu_ms,
        peak_rss_mb: t.peak_rss_mb,
        script_ms: Math.round(o.script_ms),
        segments: o.segments
      }
    })
    script = runs.sort((a, b) => a.wall_ms - b.wall_ms)[1]
  } catch (e) {
    script = { skipped: `statsmodels/pandas not available: ${(e as Error).message.split('\n')[0]}` }
  }
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100
  const ref = 'wall_ms' in script ? script : null
  return {
    note: 'each a fresh process timed whole by GNU time (median of 3 for the first two); the script reads a CSV export of the same panel rows; PriceLab also cross-validates (3 folds + time holdout), computes intervals, importance and curves, and saves the run',
    pricelab_models_ols: ols,
    pricelab_models_ols_dml_on: dmlOn,
    pricelab_models_ols_dml_on_cached: dmlCached,
    statsmodels_script: script,
    ratio_wall_ols_to_script: ref ? ratio(ols.wall_ms, ref.wall_ms) : null,
    ratio_cpu_ols_to_script: ref ? ratio(ols.cpu_ms, ref.cpu_ms) : null,
    ratio_wall_ols_dml_on_to_script: ref ? ratio(dmlOn.wall_ms, ref.wall_ms) : null,
    ratio_wall_ols_dml_cached_to_script: ref ? ratio(dmlCached.wall_ms, ref.wall_ms) : null
  }
}
