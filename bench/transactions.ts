import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { LOG_RECIPE_FLAGS, LOG_SHAPE, writeTransactionLog } from './transactions-log'

/** The Python with DuckDB installed (`python3 -m venv /work/venv-duckdb && …/pip install duckdb`); bench only. */
const DUCKDB_PYTHON = process.env.PRICELAB_DUCKDB_PYTHON ?? '/work/venv-duckdb/bin/python'

interface Timed {
  wall_ms: number
  cpu_ms: number
  peak_rss_mb: number
  stdout: string
}

/** A command in its own process under GNU time: wall, user + system CPU, peak RSS. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Timed {
  const r = spawnSync('/usr/bin/time', ['-f', '@@%e %U %S %M', cmd, ...args], {
    encoding: 'utf8',
    env,
    maxBuffer: 1 << 28
  })
  const m = /@@([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr)
  if (r.status !== 0 || !m)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-800)}`)
  return {
    wall_ms: Math.round(Number(m[1]) * 1000),
    cpu_ms: Math.round((Number(m[2]) + Number(m[3])) * 1000),
    peak_rss_mb: Math.round(Number(m[4]) / 1024),
    stdout: r.stdout
  }
}

/** PriceLab's import of the log, then DuckDB running the printed SQL on the same file, compared. */
function compare(root: string, tmp: string, env: NodeJS.ProcessEnv, log: string, tag: string) {
  const cli = join(root, 'bin/pricelab.cjs')
  const db = join(tmp, `transactions-${tag}.pricelab`)
  for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true })
  console.log(`transactions: PriceLab import (${tag})…`)
  const imp = timed(
    process.execPath,
    [cli, 'import', '--db', db, '--dataset', 'till', ...LOG_RECIPE_FLAGS, '--json', log],
    env
  )
  const json = JSON.parse(imp.stdout) as Record<string, number | string>
  const pricelab = {
    wall_ms: imp.wall_ms,
    cpu_ms: imp.cpu_ms,
    peak_rss_mb: imp.peak_rss_mb,
    import_ms: json.ms,
    lines: json.lines,
    rows: json.rows,
    items: json.items,
    periods: json.periods,
    lines_per_second: json.lines_per_second,
    read_threads: json.read_threads
  }
  const sql = spawnSync(
    process.execPath,
    [cli, 'import', '--dataset', 'till', ...LOG_RECIPE_FLAGS, '--print-sql', log],
    {
      encoding: 'utf8',
      env
    }
  )
  if (sql.status !== 0) throw new Error(`--print-sql failed: ${sql.stderr}`)
  const sqlFile = join(tmp, `transactions-${tag}.sql`)
  writeFileSync(sqlFile, sql.stdout)
  if (!existsSync(DUCKDB_PYTHON))
    return {
      pricelab,
      duckdb: null,
      note: `DuckDB skipped: no ${DUCKDB_PYTHON} (python3 -m venv /work/venv-duckdb && /work/venv-duckdb/bin/pip install duckdb, or set PRICELAB_DUCKDB_PYTHON)`
    }
  console.log(`transactions: DuckDB on the printed SQL (${tag})…`)
  const out = join(tmp, `transactions-${tag}-duckdb.json`)
  const table = `ds_till`
  const duck = timed(
    DUCKDB_PYTHON,
    [join(root, 'bench/transactions-duckdb.py'), sqlFile, db, table, out],
    env
  )
  const d = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown> & { ms: number }
  rmSync(db, { force: true })
  return {
    pricelab,
    duckdb: { ...d, process_wall_ms: duck.wall_ms, process_peak_rss_mb: duck.peak_rss_mb },
    // The import against DuckDB's CREATE TABLE … AS <printed SQL>: both read the whole file once and build the panel.
    ratio_wall_vs_duckdb: Math.round((pricelab.wall_ms / d.ms) * 100) / 100,
    // The same in CPU time (both sides' threads), steadier than wall time on a shared machine.
    ratio_cpu_vs_duckdb: Math.round((pricelab.cpu_ms / (d.cpu_ms as number)) * 100) / 100,
    sql_runs_in_duckdb: true,
    panels_equal:
      d.rows === pricelab.rows &&
      d.rows_missing_in_pricelab === 0 &&
      Object.values(d.max_relative_difference as Record<string, number>).every((x) => x <= 1e-9)
  }
}

/**
 * `npm run bench -- transactions [lines] [parquet]`: a till log of `lines` sales lines (default
 * 1M; the target is 100M: ≤ 2 min, ≤ 1.5 GB peak RSS, within 3× of DuckDB) is written,
 * imported with `pricelab import --transactions` (its own process, timed whole), and the SQL
 * that `--print-sql` prints is run by DuckDB on the same file (bench only, from a Python venv;
 * skipped with a note when absent) and its panel compared with PriceLab's row by row. With
 * `parquet`, DuckDB also writes the log as Parquet and both read that. The files are deleted.
 */
export async function benchTransactions(
  tmp: string,
  root: string,
  lines = 1_000_000,
  parquet = false
): Promise<Record<string, unknown>> {
  const env = { ...process.env, PRICELAB_HOME: join(tmp, 'home') }
  const csv = join(tmp, `till-${lines}.csv`)
  const pq = join(tmp, `till-${lines}.parquet`)
  console.log(`transactions: writing a ${lines.toLocaleString('en-US')}-line till log…`)
  const t0 = performance.now()
  const { bytes } = writeTransactionLog(csv, lines)
  const generateMs = Math.round(performance.now() - t0)
  try {
    const result: Record<string, unknown> = {
      note: 'each side its own process on the same file, same run; PriceLab = `pricelab import --transactions` whole (start, read, aggregate, write the panel to SQLite), timed by GNU time; DuckDB = CREATE TABLE AS the printed SQL (its threads = cores); shared 2-core machine: read CPU beside wall',
      lines,
      shape: LOG_SHAPE,
      csv_mb: Math.round(bytes / 1e6),
      generate_ms: generateMs,
      csv: compare(root, tmp, env, csv, `csv-${lines}`)
    }
    if (parquet && existsSync(DUCKDB_PYTHON)) {
      console.log('transactions: DuckDB writes the log as Parquet…')
      const w = timed(
        DUCKDB_PYTHON,
        [join(root, 'bench/transactions-duckdb.py'), '--to-parquet', csv, pq],
        env
      )
      result.parquet_mb = Math.round(statSync(pq).size / 1e6)
      result.parquet_write_ms = w.wall_ms
      result.parquet = compare(root, tmp, env, pq, `parquet-${lines}`)
    }
    return result
  } finally {
    rmSync(csv, { force: true })
    rmSync(pq, { force: true })
  }
}
