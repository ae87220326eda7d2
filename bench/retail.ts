import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { openSqlite } from '../src/backend/sqlite'
import { migrate } from '../src/core/db/migrate'
import { generateRetailSample } from '../src/core/data/sample/retail/generate'
import { simulateRetail } from '../src/core/data/sample/retail/simulate'

/** Time to simulate and to generate (simulate + write into a project file) the retail sample at scale 1. */
export function benchRetail(tmp: string) {
  const gen: number[] = []
  const sim: number[] = []
  let rows = 0
  for (let i = 0; i < 3; i++) {
    const p = join(tmp, 'retail.pricelab')
    for (const suffix of ['', '-wal', '-shm']) rmSync(p + suffix, { force: true })
    const db = openSqlite(p)
    migrate(db)
    let t0 = performance.now()
    rows = generateRetailSample(db, { seed: 42 + i, scale: 1 }).counts.ds_retail_sample
    gen.push(performance.now() - t0)
    db.close()
    t0 = performance.now()
    simulateRetail({ seed: 42 + i, scale: 1 })
    sim.push(performance.now() - t0)
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]
  return {
    rows,
    generate_ms_median: Math.round(median(gen)),
    generate_ms_runs: gen.map(Math.round),
    simulate_ms_median: Math.round(median(sim)),
    target_ms: 2000
  }
}
