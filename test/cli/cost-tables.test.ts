import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { cli, tempDir } from '../helpers'
import { importRetailPanel } from '../backend/fixtures/retail-panel'

interface Row {
  item_id: string
  category: string
  current_price: number
  cost: number | null
  cost_source: string | null
}

/** Per-item cost tables and per-segment cost shares (issue 25, item 1). */
describe('optimize --costs and per-segment --cost-share', () => {
  it('a cost table gives every item its cost: margin by default, the source per row, unknown and missing items listed', async () => {
    const dir = tempDir()
    const { db, truth } = await importRetailPanel(dir, { stores: 4, weeks: 20, seed: 1, sku: true })
    const ids = [...truth.lastPrice.keys()]
    const cost = (id: string) => Math.round(0.6 * (truth.lastPrice.get(id) as number) * 100) / 100
    const full = join(dir, 'costs.csv')
    writeFileSync(
      full,
      ['sku,unit_cost', ...ids.map((id) => `${id},${cost(id)}`), 'S99 × Nope,1.00'].join('\n')
    )
    const j = JSON.parse(
      (await cli('optimize', '--db', db, '--costs', full, '--out', join(dir, 'a.csv'), '--json')).out
    )
    expect(j.objective).toBe('margin')
    for (const r of j.rows as Row[]) {
      expect(r.cost_source).toBe('cost_table')
      expect(r.cost).toBeCloseTo(cost(r.item_id), 9)
    }
    expect(j.costs.sources).toEqual({ cost_table: ids.length })
    expect(j.costs.table).toMatchObject({
      rows: ids.length + 1,
      matched: ids.length,
      unknown_count: 1,
      missing_count: 0
    })
    expect(j.costs.table.unknown_items).toEqual([{ item: 'S99 × Nope', line: ids.length + 2 }])
    expect(j.warnings.join(' ')).toContain('"S99 × Nope" (line 14)')

    // Half the items: the rest have no cost, so revenue stays the objective and the missing ones are listed.
    const half = join(dir, 'half.csv')
    writeFileSync(half, ['sku,cost', ...ids.slice(0, 6).map((id) => `"${id}",${cost(id)}`)].join('\r\n'))
    const h = JSON.parse(
      (await cli('optimize', '--db', db, '--costs', half, '--out', join(dir, 'b.csv'), '--json')).out
    )
    expect(h.objective).toBe('revenue')
    expect(h.costs.table.missing_count).toBe(6)
    expect(h.costs.without_cost).toBe(6)
    expect(
      (h.rows as Row[])
        .filter((r) => r.cost_source === null)
        .map((r) => r.item_id)
        .sort()
    ).toEqual([...h.costs.table.missing_items].sort())
    // With a share for the rest, every item has a cost from some source: margin.
    const m = JSON.parse(
      (
        await cli(
          'optimize',
          '--db',
          db,
          '--costs',
          half,
          '--cost-share',
          '0.5',
          '--out',
          join(dir, 'c.csv'),
          '--json'
        )
      ).out
    )
    expect(m.objective).toBe('margin')
    expect(m.costs.sources).toEqual({ cost_table: 6, cost_share: 6 })
    for (const r of m.rows as Row[])
      if (r.cost_source === 'cost_share') expect(r.cost).toBeCloseTo(0.5 * r.current_price, 9)
  }, 120_000)

  it('a bad cost table is refused with its file, line and column, and nothing is written', async () => {
    const dir = tempDir()
    const { db } = await importRetailPanel(dir, { stores: 3, weeks: 12, seed: 2, sku: true })
    const bad = join(dir, 'bad.csv')
    writeFileSync(bad, 'sku,cost\nS1 × Tropic,1.20\nS1 × Minute,abc\nS2 × Tropic,-1\nS1 × Tropic,1.1\n')
    const out = join(dir, 'never.csv')
    const o = await cli('optimize', '--db', db, '--costs', bad, '--out', out, '--json')
    expect(o.code).toBe(1)
    const e = JSON.parse(o.out).error
    expect(e.code).toBe('csv_error')
    expect(
      e.issues.map((i: { line: number; column: number; column_name: string }) => [
        i.line,
        i.column,
        i.column_name
      ])
    ).toEqual([
      [3, 2, 'cost'],
      [4, 2, 'cost'],
      [5, 1, 'sku']
    ])
    expect(e.issues[0].file).toBe(bad)
    expect(e.issues[2].message).toContain('listed twice (first on line 2)')
    expect(existsSync(out)).toBe(false)
    // Column names are checked: a table without a cost column names what it found.
    writeFileSync(bad, 'sku,price\nS1 × Tropic,1.20\n')
    const n = JSON.parse(
      (await cli('optimize', '--db', db, '--costs', bad, '--out', out, '--json')).out
    ).error
    expect(n.issues[0]).toMatchObject({ file: bad, line: 1 })
    expect(n.issues[0].message).toMatch(/no cost column: name one "cost".*\(found "sku", "price"\)/)
    expect(existsSync(out)).toBe(false)
  }, 120_000)

  it('--cost-share per segment: each brand its share, "other" the rest; unknown brands and bad shares name the flag', async () => {
    const dir = tempDir()
    const { db } = await importRetailPanel(dir, { stores: 4, weeks: 20, seed: 3, sku: true })
    const o = await cli(
      'optimize',
      '--db',
      db,
      '--cost-share',
      'Tropic=0.55,other=0.4',
      '--out',
      join(dir, 'a.csv'),
      '--json'
    )
    expect(o.code).toBe(0)
    const j = JSON.parse(o.out)
    expect(j.objective).toBe('margin')
    for (const r of j.rows as Row[]) {
      expect(r.cost_source).toBe('segment_share')
      expect(r.cost).toBeCloseTo((r.category === 'Tropic' ? 0.55 : 0.4) * r.current_price, 9)
    }
    expect(j.settings.cost_shares).toEqual({ Tropic: 0.55, other: 0.4 })
    const unknown = await cli('optimize', '--db', db, '--cost-share', 'Nope=0.5', '--out', join(dir, 'b.csv'))
    expect(unknown.code).toBe(2)
    expect(unknown.err).toMatch(/--cost-share: .*no brand "Nope".*"Dominick", "Minute", "Tropic"/)
    expect(existsSync(join(dir, 'b.csv'))).toBe(false)
    for (const bad of ['Tropic=1.5', 'Tropic=', '=0.4', 'Tropic=0.5,Tropic=0.6'])
      expect(
        (await cli('optimize', '--db', db, '--cost-share', bad, '--out', join(dir, 'c.csv'))).err
      ).toContain('--cost-share')
  }, 120_000)
})

describe('optimize on the data’s own price grid', () => {
  it('prices on a 0.05 grid: new prices land on it, --json says so, --round overrides it', async () => {
    const dir = tempDir()
    const { db } = await importRetailPanel(dir, { stores: 5, weeks: 20, seed: 4, sku: true, grid: 0.05 })
    const on = (p: number, step: number) => Math.abs(p / step - Math.round(p / step)) < 1e-6
    // The grid is what is tested here. On a panel this small (5 stores × 20 weeks) the own elasticities estimated
    // jointly with the cross terms are too wide for do-no-harm to let any price move, so the cross terms are left
    // out and the items move on their own curves.
    const j = JSON.parse(
      (
        await cli(
          'optimize',
          '--db',
          db,
          '--cost-share',
          '0.6',
          '--ignore-cross',
          '--out',
          join(dir, 'a.csv'),
          '--json'
        )
      ).out
    )
    expect(j.own_source).toBe('recommended')
    expect(j.price_grid).toMatchObject({
      step: 0.05,
      offset: 0,
      ending: null,
      source: 'inferred',
      share_on_grid: 1
    })
    const moved = (j.rows as { recommended_price: number; current_price: number }[]).filter(
      (r) => r.recommended_price !== r.current_price
    )
    expect(moved.length).toBeGreaterThan(0)
    for (const r of moved) expect(on(r.recommended_price, 0.05)).toBe(true)
    const text = await cli('optimize', '--db', db, '--cost-share', '0.6', '--out', join(dir, 'b.csv'))
    expect(text.out).toContain("Price grid: New prices sit on steps of 0.05, the data's own price grid")
    const quarter = JSON.parse(
      (
        await cli(
          'optimize',
          '--db',
          db,
          '--cost-share',
          '0.6',
          '--round',
          '0.25',
          '--ignore-cross',
          '--out',
          join(dir, 'c.csv'),
          '--json'
        )
      ).out
    )
    expect(quarter.price_grid).toMatchObject({ step: 0.25, source: 'rule' })
    expect(quarter.settings.guardrails.rounding).toEqual({ rule: 'step', direction: 'nearest', step: 0.25 })
    for (const r of quarter.rows as { recommended_price: number; current_price: number }[])
      if (r.recommended_price !== r.current_price) expect(on(r.recommended_price, 0.25)).toBe(true)
    const bad = await cli('optimize', '--db', db, '--round', '0.003', '--out', join(dir, 'd.csv'), '--json')
    expect(bad.code).toBe(1)
    expect(bad.out).toContain('not a multiple of this dataset')
  }, 120_000)
})

describe('the study config’s cost table', () => {
  it('pricing.costs (relative to the config) prices the study on the table’s costs, for margin', async () => {
    const dir = tempDir()
    const { db, truth } = await importRetailPanel(dir, { stores: 3, weeks: 16, seed: 5, sku: true })
    const ids = [...truth.lastPrice.keys()]
    writeFileSync(join(dir, 'costs.csv'), ['sku,cost', ...ids.map((id) => `${id},1.10`)].join('\n'))
    const cfg = join(dir, 'study.json')
    writeFileSync(
      cfg,
      JSON.stringify({
        elasticity: { dataset: 'retail', models: ['ols'], folds: 2 },
        propensity: null,
        experiment: null,
        pricing: { costs: 'costs.csv' }
      })
    )
    const r = await cli('run', '--db', db, '--config', cfg, '--report', join(dir, 'report'), '--json')
    expect(r.code).toBe(0)
    const rep = JSON.parse(readFileSync(join(dir, 'report', 'report.json'), 'utf8'))
    expect(rep.pricing.settings.objective).toBe('margin')
    expect(rep.pricing.costs.sources).toEqual({ cost_table: ids.length })
    for (const row of rep.pricing.top_changes)
      expect(row).toMatchObject({ cost: 1.1, cost_source: 'cost_table' })
    // The report says where the costs came from and which grid the prices are on.
    const html = readFileSync(join(dir, 'report', 'report.html'), 'utf8')
    expect(html).toContain(`Costs: ${ids.length} items from the cost table ${join(dir, 'costs.csv')}.`)
    expect(html).toContain("New prices sit on cents, the data's own price grid")
    // A bad table stops the pricing stage with the file, line and column.
    writeFileSync(join(dir, 'costs.csv'), 'sku,cost\nS1 × Tropic,x\n')
    const bad = JSON.parse(
      (await cli('run', '--db', db, '--config', cfg, '--report', join(dir, 'report2'), '--json')).out
    )
    const stage = bad.stages.find((s: { stage: string }) => s.stage === 'pricing')
    expect(stage.status).toBe('failed')
    expect(stage.message).toContain(`${join(dir, 'costs.csv')}:2:2 (column "cost"): cost "x" is not a number`)
  }, 180_000)
})
