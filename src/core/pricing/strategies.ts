import type { CatalogItem, Catalog } from './catalog'
import type { BundleQuote, StrategyConfig } from '../../shared/pricing'
import { fixed, signedPct } from '../../shared/format/numbers'

export const STRATEGIES = ['elasticity', 'competitive', 'lifecycle', 'time'] as const
export type StrategyName = (typeof STRATEGIES)[number]

export interface StrategyStep {
  strategy: StrategyName
  multiplier: number
  reason: string
}

/** A multiplier as the change it makes (1.1 → "+10.00%"); a settings' few multipliers, written once each. */
const pctText = new Map<number, string>()
function pct(m: number): string {
  let t = pctText.get(m)
  if (t === undefined) {
    t = signedPct((m - 1) * 100)
    if (pctText.size < 1000) pctText.set(m, t)
  }
  return t
}

/** What each strategy alone would do to one item's price, with its reason. */
export function strategySteps(
  item: CatalogItem,
  elasticity: number | null,
  catalog: Pick<Catalog, 'season' | 'nextWeek'>,
  c: StrategyConfig
): StrategyStep[] {
  const steps: StrategyStep[] = []
  if (elasticity === null)
    steps.push({ strategy: 'elasticity', multiplier: 1, reason: 'no elasticity estimate' })
  else if (elasticity > c.elasticity.inelastic_above)
    steps.push({
      strategy: 'elasticity',
      multiplier: c.elasticity.inelastic_mult,
      reason: `inelastic (${fixed(elasticity, 2)} > ${c.elasticity.inelastic_above}): ${pct(c.elasticity.inelastic_mult)}`
    })
  else if (elasticity < c.elasticity.elastic_below)
    steps.push({
      strategy: 'elasticity',
      multiplier: c.elasticity.elastic_mult,
      reason: `elastic (${fixed(elasticity, 2)} < ${c.elasticity.elastic_below}): ${pct(c.elasticity.elastic_mult)}`
    })
  else
    steps.push({ strategy: 'elasticity', multiplier: 1, reason: `elasticity ${fixed(elasticity, 2)}: hold` })

  const ratio = item.current_price / item.reference_price
  const ref = item.reference_kind === 'competitor' ? "the competitor's price" : `the ${item.segment} average`
  if (ratio > c.competitive.high_ratio)
    steps.push({
      strategy: 'competitive',
      multiplier: c.competitive.high_mult,
      reason: `${fixed(ratio, 2)}× ${ref}: ${pct(c.competitive.high_mult)}`
    })
  else if (ratio < c.competitive.low_ratio)
    steps.push({
      strategy: 'competitive',
      multiplier: c.competitive.low_mult,
      reason: `${fixed(ratio, 2)}× ${ref}: ${pct(c.competitive.low_mult)}`
    })
  else steps.push({ strategy: 'competitive', multiplier: 1, reason: `${fixed(ratio, 2)}× the average: hold` })

  const age = item.age_weeks
  if (age === null) steps.push({ strategy: 'lifecycle', multiplier: 1, reason: 'launch date unknown' })
  else if (age < c.lifecycle.early_weeks)
    steps.push({
      strategy: 'lifecycle',
      multiplier: c.lifecycle.early_mult,
      reason: `early-bird (${fixed(age, 0)} weeks old): ${pct(c.lifecycle.early_mult)}`
    })
  else if (age > c.lifecycle.mature_weeks)
    steps.push({
      strategy: 'lifecycle',
      multiplier: c.lifecycle.mature_mult,
      reason: `mature (${fixed(age, 0)} weeks old): ${pct(c.lifecycle.mature_mult)}`
    })
  else
    steps.push({ strategy: 'lifecycle', multiplier: 1, reason: `normal (${fixed(age, 0)} weeks old): hold` })

  const idx = catalog.season && catalog.nextWeek !== null ? catalog.season[catalog.nextWeek] : null
  if (idx === null) steps.push({ strategy: 'time', multiplier: 1, reason: 'no dates in the data' })
  else if (idx > c.time.peak_index)
    steps.push({
      strategy: 'time',
      multiplier: c.time.peak_mult,
      reason: `peak week (demand index ${fixed(idx, 2)}): ${pct(c.time.peak_mult)}`
    })
  else if (idx < c.time.slump_index)
    steps.push({
      strategy: 'time',
      multiplier: c.time.slump_mult,
      reason: `slow week (demand index ${fixed(idx, 2)}): ${pct(c.time.slump_mult)}`
    })
  else steps.push({ strategy: 'time', multiplier: 1, reason: `ordinary week (index ${fixed(idx, 2)}): hold` })
  return steps
}

/**
 * The blend: a weighted mean of the elasticity, competitive and lifecycle
 * multipliers, times the time-based one raised to its weight (0 turns it off).
 */
export function blendMultiplier(steps: StrategyStep[], w: StrategyConfig['weights']): number {
  const get = (s: StrategyName) => steps.find((x) => x.strategy === s)?.multiplier ?? 1
  const total = w.elasticity + w.competitive + w.lifecycle
  const base =
    total > 0
      ? (w.elasticity * get('elasticity') +
          w.competitive * get('competitive') +
          w.lifecycle * get('lifecycle')) /
        total
      : 1
  return base * Math.pow(get('time'), w.time)
}

/** One line of reasoning: the strategies that moved the price, each with its weighted effect. */
export function describeSteps(steps: StrategyStep[], w: StrategyConfig['weights']): string {
  const total = w.elasticity + w.competitive + w.lifecycle
  const moved = steps
    .filter((s) => s.multiplier !== 1)
    .map((s) => {
      const share = s.strategy === 'time' ? w.time : total > 0 ? w[s.strategy] / total : 0
      return `${s.strategy} ${s.reason} (weight ${fixed(share, 2)})`
    })
  return moved.length ? moved.join('; ') : 'no strategy moves this price'
}

export function quoteBundle(
  members: { id: string; price: number; quantity: number; elasticity: number }[],
  discount: number
): BundleQuote {
  if (members.length < 2) throw new Error('a bundle needs at least two items')
  if (!(discount >= 0 && discount < 1)) throw new Error('the bundle discount must be in [0, 1)')
  const total = members.reduce((s, m) => s + m.price, 0)
  const e = members.reduce((s, m) => s + m.elasticity * m.price, 0) / total
  const price = Math.round(total * (1 - discount) * 100) / 100
  const base = Math.min(...members.map((m) => m.quantity))
  const q = base * Math.pow(1 - discount, e)
  return {
    items: members.map((m) => m.id),
    list_total: total,
    bundle_price: price,
    discount,
    elasticity: e,
    expected_quantity: q,
    expected_revenue: q * price
  }
}
