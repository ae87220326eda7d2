import { spawnSync } from 'node:child_process'
import { mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { CatalogItem, Catalog } from '../src/core/pricing/catalog'
import { causalDemand } from '../src/core/pricing/causal-demand'
import { recommendPrices, type SegmentElasticity } from '../src/core/pricing/recommend'
import { DEFAULT_SETTINGS } from '../src/shared/pricing/defaults'
import type { PricingRun } from '../src/shared/pricing'
import { currency } from '../src/core/pricing/units'
import { workbookInput } from '../src/core/pricing/workbook/from-run'
import { priceWorkbook } from '../src/core/pricing/workbook/build'
import { WHAT_IF } from '../src/core/pricing/workbook/what-if'
import { writeZip } from '../src/backend/zip-writer'
import { recalculatedSheets, sofficePath } from '../test/libreoffice'

const ITEMS = 100_000
const SEGMENTS = 40

/** A seeded generator (mulberry32): the bench's catalog is the same every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** 100,000 items in 40 segments, with costs, on the causal curve with segment elasticities −0.6 … −2.5. */
async function pricedCatalog(n: number): Promise<PricingRun> {
  const r = rng(30)
  const segs = Array.from({ length: SEGMENTS }, (_, s) => `Segment ${s + 1}`)
  const items: CatalogItem[] = Array.from({ length: n }, (_, i) => {
    const p = Math.round((2 + r() * 48) * 100) / 100
    return {
      id: `SKU-${i + 1}`,
      // Every 1,000th name starts like a formula: it must stay text.
      name: i % 1000 === 0 ? `=Promo ${i}` : `Product ${i + 1}`,
      segment: segs[i % SEGMENTS],
      tier: null,
      line: null,
      current_price: p,
      observed_min: p * 0.7,
      observed_max: p * 1.3,
      reference_price: p,
      reference_kind: 'category_average',
      cost: Math.round(p * (0.3 + r() * 0.3) * 100) / 100,
      age_weeks: null,
      row: i
    }
  })
  const el = new Map<string, SegmentElasticity>(
    segs.map((s, k) => {
      const e = -0.6 - (1.9 * k) / (SEGMENTS - 1)
      return [s, { elasticity: e, ci_low: e - 0.2, ci_high: e + 0.2 }]
    })
  )
  const eps = Float64Array.from(items, (it) => el.get(it.segment)?.elasticity as number)
  const baseline = Float64Array.from(items, () => 5 + r() * 200)
  const catalog: Catalog = {
    dataset: 'bench',
    segmentName: 'segment',
    items,
    season: null,
    nextWeek: null,
    unit: currency(2)
  }
  const demand = causalDemand(baseline, items, (it) => eps[it.row])
  const range = {
    elasticity: eps,
    low: Float64Array.from(eps, (e) => e - 0.2),
    high: Float64Array.from(eps, (e) => e + 0.2),
    own: new Uint8Array(n),
    itemLow: new Float64Array(n).fill(NaN),
    itemHigh: new Float64Array(n).fill(NaN)
  }
  const rec = await recommendPrices(catalog, demand, el, DEFAULT_SETTINGS, 'causal', 'causal', range)
  return {
    ...rec,
    run_id: 1,
    elasticity_run_id: 1,
    dataset: 'bench',
    model: 'ols',
    settings: DEFAULT_SETTINGS,
    true_revenue_share_of_optimum: null,
    true_uplift_pct: null,
    created_at: new Date(0).toISOString(),
    ms: 0
  }
}

/** In the child: price the catalog, then time and measure the workbook's writing alone. */
export async function runChildWorkbook(dir: string, n: number): Promise<void> {
  const run = await pricedCatalog(n)
  const rssBefore = process.memoryUsage().rss
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const input = workbookInput(run, {
    report: {
      run_id: 1,
      dataset: 'bench',
      dataset_version: 1,
      rows: n * 52,
      items: n,
      created_at: run.created_at,
      validation: 'time'
    },
    segments: new Map(),
    segmentName: 'segment',
    scenarios: []
  })
  const path = join(dir, 'bench-workbook.xlsx')
  writeZip(path, priceWorkbook(input))
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  const p = run.portfolio
  console.log(
    JSON.stringify({
      items: n,
      path,
      write_ms: Math.round(ms),
      write_cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
      bytes: statSync(path).size,
      rss_before_write_mb: Math.round(rssBefore / 2 ** 20),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      app: {
        current_quantity: p.current_quantity,
        optimized_quantity: p.optimized_quantity,
        current_revenue: p.current_revenue,
        optimized_revenue: p.optimized_revenue,
        optimized_margin: p.optimized_margin
      }
    })
  )
}

/**
 * The 100,000-item workbook: written in a child process (its peak RSS is its own: pricing
 * the catalog plus writing), then opened and fully recalculated in LibreOffice, whose What-if
 * totals are compared with the app's portfolio totals.
 */
export function benchPriceWorkbook(tmp: string, n = ITEMS): Record<string, unknown> {
  const dir = join(tmp, 'workbook')
  mkdirSync(dir, { recursive: true })
  const r = spawnSync(
    process.execPath,
    [...process.execArgv, process.argv[1], '--child-workbook', dir, String(n)],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20
    }
  )
  if (r.status !== 0) return { error: r.stderr.split('\n').slice(-8).join('\n') }
  const w = JSON.parse(r.stdout.trim().split('\n').pop() as string)
  const out: Record<string, unknown> = { ...w, target_write_ms: 10_000, target_peak_rss_mb: 1024 }
  const soffice = sofficePath()
  if (!soffice) return { ...out, libreoffice: 'not installed: totals not checked' }
  const t0 = performance.now()
  let sheets: Map<string, string[][]>
  try {
    sheets = recalculatedSheets(soffice, w.path)
  } catch (e) {
    return { ...out, libreoffice_error: (e as Error).message.slice(0, 500) }
  }
  const sheet = sheets.get('What-if') as string[][]
  const T = WHAT_IF.totals
  const got = {
    current_quantity: Number(sheet[T.quantity - 1][1]),
    optimized_quantity: Number(sheet[T.quantity - 1][2]),
    current_revenue: Number(sheet[T.revenue - 1][1]),
    optimized_revenue: Number(sheet[T.revenue - 1][2]),
    optimized_margin: Number(sheet[T.margin - 1][2])
  }
  const rel = Object.fromEntries(
    Object.entries(got).map(([k, v]) => {
      const want = w.app[k as keyof typeof got] as number
      return [k, Math.abs(v - want) / Math.abs(want)]
    })
  )
  return {
    ...out,
    libreoffice_recalc_ms: Math.round(performance.now() - t0),
    libreoffice_totals: got,
    relative_difference: rel,
    within_0_1_pct: Object.values(rel).every((x) => x <= 1e-3)
  }
}
