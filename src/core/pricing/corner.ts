import type { CatalogItem } from './catalog'
import type { Guardrails, Binding, Corner, CornerPoint, Objective, PriceUnit } from '../../shared/pricing'
import { optimizePrices, type CandidateTables, type DemandFn } from './optimize'
import { count, pct } from '../../shared/format/numbers'
import { field, indices } from '../util/typed'

/** Bounds that are guardrails (limits the analyst set), not portfolio rules or flags. */
const GUARDS: Binding[] = [
  'max_decrease',
  'max_increase',
  'min_price',
  'max_price',
  'observed_range',
  'competitor_band'
]

/** A cost below this share of the price is negligible: margin then behaves like revenue. */
const NEGLIGIBLE_COST = 0.05

export interface CornerRow {
  current_price: number
  recommended_price: number
  binding_guardrail: Binding
}

/**
 * The corner of a sheet, or null: more than half of the changed prices sit on
 * guardrails. The reason says why the objective runs to the guardrail and what would
 * change it (set costs, switch objective, the guardrail that decides).
 */
export function findCorner(
  rows: CornerRow[],
  items: CatalogItem[],
  objective: Objective,
  g: Guardrails
): Corner | null {
  const changed = rows.filter((r) => r.recommended_price !== r.current_price)
  const onGuard = changed.filter((r) => GUARDS.includes(r.binding_guardrail))
  if (!changed.length || onGuard.length * 2 <= changed.length) return null
  const counts = new Map<string, number>()
  for (const r of onGuard)
    counts.set(String(r.binding_guardrail), (counts.get(String(r.binding_guardrail)) ?? 0) + 1)
  const [guardrail, n] = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a))
  const down = onGuard.filter((r) => r.recommended_price < r.current_price).length * 2 > onGuard.length
  const costShare = medianCostShare(items)
  const what = describeGuard(guardrail, g)
  const share = `${count(n)} of ${count(changed.length)} changed prices`
  let why: string
  if (down && objective === 'revenue')
    why = `revenue keeps rising as prices fall where demand is elastic (ε < −1), so there is no best price inside the guardrails: ${what} decides ${share}. Map a cost column, import a cost table or set a cost share to price for margin, which has an optimum; or choose ${what} deliberately`
  else if (down && costShare !== null && costShare < NEGLIGIBLE_COST)
    why = `margin keeps rising as prices fall because costs are negligible (median ${pct(costShare)} of the price) and demand is elastic: ${what} decides ${share}. Check the costs; with them right the margin has an optimum`
  else if (down)
    why = `the margin's best prices lie below ${what}, which decides ${share}: a wider limit would cut further, into prices not yet tried`
  else
    why = `the ${objective} keeps rising as prices rise (demand is inelastic there, |ε| < 1), so ${what} decides ${share}: a wider limit would raise prices further, beyond what the data has measured`
  return { guardrail, items: n, reason: `A corner, not an optimum: ${why}.` }
}

/** The guardrail in the analyst's words, with its setting where it has one ("the 20% max decrease"). */
function describeGuard(rule: string, g: Guardrails): string {
  const pct = (x: number | null) => (x === null ? '' : `${Math.round(x * 100)}% `)
  switch (rule) {
    case 'max_decrease':
      return `the ${pct(g.max_decrease)}max decrease`
    case 'max_increase':
      return `the ${pct(g.max_increase)}max increase`
    case 'observed_range':
      return 'the observed price range'
    default:
      return `the ${rule.replace(/_/g, ' ')}`
  }
}

function medianCostShare(items: CatalogItem[]): number | null {
  const s = items.filter((it) => it.cost !== null).map((it) => (it.cost as number) / it.current_price)
  if (s.length < items.length || !s.length) return null
  s.sort((a, b) => a - b)
  return s[s.length >> 1]
}

/**
 * The objective's change against the deciding guardrail's width: the same
 * optimizer with the max change (both ways, or the deciding one) set to each width.
 * Null where the deciding guardrail has no width to vary (the observed range, a price).
 */
export async function cornerCurve(
  corner: Corner,
  items: CatalogItem[],
  demand: DemandFn,
  o: {
    objective: Objective
    min_volume_share: number | null
    guardrails: Guardrails
    unit: PriceUnit
    /** Candidate tables to write over, one optimization after another (optimize.ts). */
    scratch?: CandidateTables
  },
  widths: number[] = [0.05, 0.1, 0.2, 0.3, 0.4]
): Promise<CornerPoint[] | null> {
  const key =
    corner.guardrail === 'max_decrease' || corner.guardrail === 'max_increase' ? corner.guardrail : null
  if (!key) return null
  const all = indices(items.length)
  const today = field(items, (it) => it.current_price)
  const value = (p: Float64Array, q: Float64Array) =>
    items.reduce((s, it, i) => s + (o.objective === 'margin' ? p[i] - (it.cost ?? 0) : p[i]) * q[i], 0)
  const v0 = value(today, await demand(all, today))
  if (!(v0 > 0)) return null
  const out: CornerPoint[] = []
  const scratch = o.scratch ?? {}
  for (const w of widths) {
    if (key === 'max_decrease' && w > 0.99) continue
    const r = await optimizePrices(items, demand, {
      objective: o.objective,
      min_volume_share: o.min_volume_share,
      guardrails: { ...o.guardrails, [key]: w },
      unit: o.unit,
      scratch
    })
    const p = field(r.items, (x) => x.price)
    out.push({ width: w, change_pct: (value(p, await demand(all, p)) / v0 - 1) * 100 })
  }
  return out
}
