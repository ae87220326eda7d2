import type { Binding, Objective, Portfolio, PriceRow, PriceUnit } from '../../shared/pricing'
import { formatAmount } from './units'
import { signedPct } from '../../shared/format/numbers'

/** Bindings that move a price against its own item's best: what can make a whole sheet lose. */
const FORCING: Binding[] = [
  'volume_floor',
  'category_average',
  'ladder',
  'min_price',
  'max_price',
  'competitor_band',
  'margin_floor',
  'conflict'
]

/**
 * Do no harm, for the whole sheet: a sheet whose predicted objective is below
 * today's is refused, with the reason (the rules that forced the loss, by count);
 * one whose uplift interval reaches below today's is "uncertain".
 */
export function verdict(
  p: Portfolio,
  rows: PriceRow[],
  objective: Objective,
  unit: PriceUnit
): { refused: string | null; uncertain: boolean } {
  const before = objective === 'margin' ? p.current_margin : p.current_revenue
  const after = objective === 'margin' ? p.optimized_margin : p.optimized_revenue
  const iv = objective === 'margin' ? p.margin_interval : p.revenue_interval
  let refused: string | null = null
  if (before !== null && after !== null && after < before - 1e-9 * Math.max(1, Math.abs(before))) {
    const counts = new Map<string, number>()
    for (const r of rows)
      if (r.recommended_price !== r.current_price && FORCING.includes(r.binding_guardrail))
        counts.set(String(r.binding_guardrail), (counts.get(String(r.binding_guardrail)) ?? 0) + 1)
    const name = (k: string) =>
      k === 'conflict' ? 'guardrails that exclude each other' : k.replace(/_/g, ' ')
    const forced = [...counts].map(([k, v]) => `${name(k)} (${v} item${v === 1 ? '' : 's'})`)
    const pct = before !== 0 ? ` (${signedPct(((after - before) / Math.abs(before)) * 100)})` : ''
    refused =
      `these prices predict ${objective} of ${formatAmount(after, unit, 0)} against ${formatAmount(before, unit, 0)} at today's prices${pct}` +
      (forced.length ? `, forced by ${forced.join(', ')}` : '') +
      ': the sheet is not exported; relax those guardrails or keep today’s prices'
  }
  const uncertain = refused === null && iv !== null && before !== null && iv.low < before
  return { refused, uncertain }
}
