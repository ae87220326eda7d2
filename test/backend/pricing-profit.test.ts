import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { cli, tempDir } from '../helpers'
import { importRetailPanel } from './fixtures/retail-panel'

interface Outcome {
  strategy: string
  revenue: number
  margin: number | null
  objective_change_pct: number
  margin_change_pct: number | null
}

const change = (after: number, before: number) => ((after - before) / Math.abs(before)) * 100

describe('profit first: a dataset with a cost column prices for margin and says so in margin terms', () => {
  it('defaults to margin where a cost is mapped, headlines the margin change and its interval (issue 25)', async () => {
    const dir = tempDir()
    const { db } = await importRetailPanel(dir, { stores: 6, weeks: 30, seed: 2, costShare: 0.6 })
    const o = await cli('optimize', '--db', db, '--out', join(dir, 'p.csv'), '--json')
    expect(o.code).toBe(0)
    const j = JSON.parse(o.out)
    // No --objective: the mapped cost makes margin the objective.
    expect(j.objective).toBe('margin')
    expect(j.current_margin).toBeGreaterThan(0)
    const margin = change(j.optimized_margin, j.current_margin)
    expect(j.margin_change_pct).toBeCloseTo(margin, 6)
    expect(j.objective_change_pct).toBeCloseTo(margin, 6)
    // uplift_pct keeps its meaning: the revenue change.
    expect(j.uplift_pct).toBeCloseTo(change(j.optimized_revenue, j.current_revenue), 6)
    for (const iv of [j.objective_interval, j.margin_interval]) {
      expect(iv.low).toBeLessThanOrEqual(margin + 1e-9)
      expect(iv.high).toBeGreaterThanOrEqual(margin - 1e-9)
    }
    // The strategy comparison carries each strategy's change in the objective's terms.
    const today = (j.comparison as Outcome[]).find((c) => c.strategy === 'current') as Outcome
    for (const c of j.comparison as Outcome[]) {
      expect(c.objective_change_pct).toBeCloseTo(change(c.margin as number, today.margin as number), 6)
      expect(c.margin_change_pct).toBe(c.objective_change_pct)
    }
  }, 120_000)

  it('the summary under --objective margin reports the margin change, with revenue and quantity beside it', async () => {
    const dir = tempDir()
    const { db } = await importRetailPanel(dir, { stores: 6, weeks: 30, seed: 3 })
    const o = await cli(
      'optimize',
      '--db',
      db,
      '--objective',
      'margin',
      '--cost-share',
      '0.6',
      '--out',
      join(dir, 'p.csv'),
      '--json'
    )
    expect(o.code).toBe(0)
    const j = JSON.parse(o.out)
    const text = await cli(
      'optimize',
      '--db',
      db,
      '--objective',
      'margin',
      '--cost-share',
      '0.6',
      '--out',
      join(dir, 'p2.csv')
    )
    const lines = text.out.split('\n')
    const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)}%`
    // The headline is the margin's change; revenue and quantity follow on their own line.
    const headline = lines.find((l) => /^Margin /.test(l)) as string
    expect(headline).toContain(signed(change(j.optimized_margin, j.current_margin)))
    expect(lines.findIndex((l) => /^Margin /.test(l))).toBeLessThan(
      lines.findIndex((l) => /^Revenue /.test(l))
    )
    expect(lines.find((l) => /^Revenue /.test(l))).toContain(signed(j.uplift_pct))
    expect(text.out).toMatch(/Quantity .* → /)
    // Without a cost, revenue stays the default and is labelled as such.
    const plain = JSON.parse((await cli('optimize', '--db', db, '--out', join(dir, 'p3.csv'), '--json')).out)
    expect(plain.objective).toBe('revenue')
    expect(plain.objective_change_pct).toBeCloseTo(plain.uplift_pct, 9)
    expect(plain.margin_change_pct).toBeNull()
    // Elastic brands and revenue: the guardrail decides, and the sheet says it is a corner.
    expect(plain.corner.items).toBeGreaterThan(plain.items_changed / 2)
    expect(['max_decrease', 'observed_range']).toContain(plain.corner.guardrail)
    expect(plain.corner.reason).toMatch(/^A corner, not an optimum: revenue keeps rising as prices fall/)
    const plainText = await cli('optimize', '--db', db, '--out', join(dir, 'p4.csv'))
    expect(plainText.out).toContain(plain.corner.reason)
  }, 120_000)
})
