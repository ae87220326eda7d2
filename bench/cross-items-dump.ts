import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSqlite } from '../src/backend/sqlite'
import { migrate } from '../src/core/db/migrate'
import { generateSampleData } from '../src/core/data/sample/generate'
import { loadSamplePanel } from '../src/core/elasticity/panel'
import { crossItemElasticities } from '../src/core/elasticity/cross-items'

/**
 * Issue 24: the EdTech sample's weekly course panel as CSV, for the statsmodels reference of the
 * item-level cross cells (bench/cross-items-statsmodels.py), and PriceLab's own cells beside it.
 *
 *   npx tsx bench/cross-items-dump.ts SEED SCALE DIR
 *
 * writes DIR/edtech-SEED-SCALE.csv (item, segment, period, price, quantity and the two time-varying
 * controls, log_course_age and novelty) and DIR/edtech-SEED-SCALE.cells.json (PriceLab's cells).
 */
function main(): void {
  const [seed, scale, dir] = [Number(process.argv[2] ?? 1), Number(process.argv[3] ?? 0.2), process.argv[4]]
  if (!dir) throw new Error('usage: npx tsx bench/cross-items-dump.ts SEED SCALE DIR')
  const db = openSqlite(join(mkdtempSync(join(tmpdir(), 'pricelab-dump-')), 'p.pricelab'))
  migrate(db)
  generateSampleData(db, { seed, scale })
  const panel = loadSamplePanel(db)
  const control = (name: string) => {
    const c = panel.controls.find((x) => x.name === name)
    if (!c) throw new Error(`the sample panel has no ${name} control`)
    return c.values
  }
  const [age, novelty] = [control('log_course_age'), control('novelty')]
  const period = panel.period as Int32Array
  const lines = ['item,segment,period,price,quantity,log_course_age,novelty']
  for (let r = 0; r < panel.n; r++)
    lines.push(
      [
        panel.itemIds[panel.item[r]],
        panel.segments[panel.segment[r]],
        period[r],
        panel.price[r],
        panel.quantity[r],
        age[r],
        novelty[r]
      ].join(',')
    )
  const stem = join(dir, `edtech-${seed}-${scale}`)
  writeFileSync(`${stem}.csv`, lines.join('\n') + '\n')
  const cells = crossItemElasticities(panel, {}).cross
  writeFileSync(`${stem}.cells.json`, JSON.stringify(cells))
  console.log(`${stem}.csv: ${panel.n} rows; ${cells.length} cells`)
}

main()
