import type { Db } from '../db/port'
import type { Catalog } from './catalog'
import { optimizePrices } from './optimize'
import type { Recommendation, PricingSettings } from '../../shared/pricing'
import { sampleTrueDemand } from './sample-truth'

/** A price rule scored by the sample's true demand: its objective as a share of the true joint optimum. */
export interface RuleShare {
  rule: string
  true_revenue_share_of_optimum: number | null
}

export interface TruthScore {
  share: number | null
  trueUplift: number | null
  below: number | null
  rules: RuleShare[]
}

/**
 * On the generated samples, the true demand scores a recommendation: the true objective of its
 * prices as a share of the TRUE JOINT optimum (found by the same optimizer on the true demand,
 * cross effects included, from the same starts, within the same guardrails), the true change
 * over today's prices, and the same share for the rules it should beat: today's prices, every
 * price at its floor or its ceiling (the guardrails' bounds), and each strategy's sheet.
 * Null where the project has no truth (imported data).
 */
export async function scoreAgainstTruth(
  db: Db,
  catalog: Catalog,
  settings: PricingSettings,
  rec: Recommendation,
  sheets: { strategy: string; prices: Float64Array }[]
): Promise<TruthScore | null> {
  const truth = sampleTrueDemand(db, catalog)
  if (!truth) return null
  const items = catalog.items
  const all = Int32Array.from(items, (_, i) => i)
  const margin = settings.objective === 'margin'
  const value = async (prices: Float64Array) => {
    const q = await truth(all, prices)
    return items.reduce((s, it, i) => s + (margin ? prices[i] - (it.cost ?? 0) : prices[i]) * q[i], 0)
  }
  const chosen = Float64Array.from(rec.rows, (r) => r.recommended_price)
  const today = Float64Array.from(items, (it) => it.current_price)
  const best = await optimizePrices(items, truth, {
    ...settings,
    unit: catalog.unit,
    starts: [chosen, ...sheets.map((s) => s.prices)]
  })
  const vBest = await value(Float64Array.from(best.items, (x) => x.price))
  const vChosen = await value(chosen)
  const vToday = await value(today)
  const shareOf = async (prices: Float64Array) => (vBest > 0 ? (await value(prices)) / vBest : null)
  const rules: RuleShare[] = [
    { rule: 'today', true_revenue_share_of_optimum: await shareOf(today) },
    {
      rule: 'floor',
      true_revenue_share_of_optimum: await shareOf(Float64Array.from(best.items, (x) => x.bounds.lo))
    },
    {
      rule: 'ceiling',
      true_revenue_share_of_optimum: await shareOf(Float64Array.from(best.items, (x) => x.bounds.hi))
    }
  ]
  for (const s of sheets)
    rules.push({ rule: s.strategy, true_revenue_share_of_optimum: await shareOf(s.prices) })
  // Per item, its own price only (the others at today's): does the sheet's price truly beat today's?
  const idx = Int32Array.from(items.flatMap((_, i) => [i, i]))
  const pp = Float64Array.from(items.flatMap((it, i) => [chosen[i], it.current_price]))
  const qq = await truth(idx, pp)
  const m = (i: number, p: number) => (margin ? p - (items[i].cost ?? 0) : p)
  const below = items.filter(
    (_, i) => m(i, pp[2 * i]) * qq[2 * i] < m(i, pp[2 * i + 1]) * qq[2 * i + 1] * (1 - 1e-9)
  ).length
  return {
    share: vBest > 0 ? vChosen / vBest : null,
    trueUplift: vToday > 0 ? (vChosen / vToday - 1) * 100 : null,
    below,
    rules
  }
}
