import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { WHAT_IF } from '../../src/core/pricing/workbook/what-if'
import { tempDir } from '../helpers'
import { recalculatedSheets, sofficePath, typeYourPrices, xlsxEntries } from '../libreoffice'

const soffice = sofficePath()
if (!soffice) console.log('SKIP price workbook recalculation tests: LibreOffice (soffice) is not installed')

const within = (got: number, want: number, rel = 1e-3) =>
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(want)))

const SAMPLES = [
  { kind: 'edtech' as const, seed: 3, scale: 0.1, dataset: undefined },
  { kind: 'retail' as const, seed: 4, scale: 0.1, dataset: 'retail_sample' }
]

describe('the price workbook recalculated in LibreOffice', () => {
  for (const s of SAMPLES)
    it.skipIf(!soffice)(
      `equals PriceLab's forecasts at the recommended and at three edited prices (${s.kind} sample)`,
      async () => {
        const b = new Backend({ mode: 'cli', version: 'test' })
        b.openProject(join(tempDir(), 'w.pricelab'), { create: true })
        await b.call('data:generate', { jobId: 'g', seed: s.seed, scale: s.scale, kind: s.kind })
        await b.call('elasticity:train', {
          jobId: 'e',
          models: ['ols'],
          ...(s.dataset ? { dataset: s.dataset } : {})
        })
        const run = await b.call('pricing:optimize', { model: 'ols' })
        expect(run.demand).toBe('causal')
        const f = await b.call('pricing:exportWorkbook', {})
        const path = b.files.get(f.fileId).path
        expect(path.endsWith('.xlsx')).toBe(true)
        expect([...xlsxEntries(path).keys()]).toContain('xl/charts/chart1.xml')

        // The recommended prices, as exported.
        const C = WHAT_IF.col
        const T = WHAT_IF.totals
        const w = recalculatedSheets(soffice as string, path).get('What-if') as string[][]
        run.rows.forEach((r, i) => {
          const row = w[WHAT_IF.firstItem - 1 + i]
          expect(row[C.id]).toBe(r.item_id)
          within(Number(row[C.quantity]), r.quantity_after)
          within(Number(row[C.revenue]), r.revenue_after)
        })
        const p = run.portfolio
        within(Number(w[T.quantity - 1][1]), p.current_quantity)
        within(Number(w[T.quantity - 1][2]), p.optimized_quantity)
        within(Number(w[T.revenue - 1][1]), p.current_revenue)
        within(Number(w[T.revenue - 1][2]), p.optimized_revenue)
        if (p.optimized_margin !== null) within(Number(w[T.margin - 1][2]), p.optimized_margin)

        // A client edits three prices (the rest back at today's): PriceLab's scenario forecast of the same prices.
        const ids = [0, Math.floor(run.rows.length / 2), run.rows.length - 1].map((i) => run.rows[i].item_id)
        const changes = ids.map((key, k) => ({ scope: 'item' as const, key, change_pct: [-7, 4, 9][k] }))
        const [sc] = await b.call('pricing:compare', {
          scenarios: [
            {
              name: 'three edits',
              kind: 'changes',
              changes,
              model: 'ols',
              market_growth_pct: 0,
              competitor_move_pct: 0,
              cross_elasticity: 0,
              notes: ''
            }
          ],
          items: true
        })
        const byId = new Map(sc.items.map((x) => [x.item_id, x]))
        const prices = run.rows.map((r) => (byId.get(r.item_id) as { price: number }).price)
        expect(prices.filter((x, i) => x !== run.rows[i].current_price)).toHaveLength(3)
        const edited = recalculatedSheets(soffice as string, typeYourPrices(path, prices)).get(
          'What-if'
        ) as string[][]
        run.rows.forEach((r, i) => {
          const want = byId.get(r.item_id) as { enrollments: number; revenue: number }
          const row = edited[WHAT_IF.firstItem - 1 + i]
          within(Number(row[C.quantity]), want.enrollments)
          within(Number(row[C.revenue]), want.revenue)
        })
        within(Number(edited[T.quantity - 1][2]), sc.totals.enrollments)
        within(Number(edited[T.revenue - 1][2]), sc.totals.revenue)
        b.close()
      },
      240_000
    )
})
