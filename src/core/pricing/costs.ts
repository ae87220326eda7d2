import { DomainError } from '../../shared/domain-error'
import type { CostSource, CostSummary, ItemCosts, PricingSettings } from '../../shared/pricing'

/** Every cost an item may get, most specific first: a cost table, the mapped column, its segment's share, one share. */
export interface CostInputs {
  share: number | null
  bySegment?: Record<string, number> | null
  table?: ItemCosts | null
  /** false: a listed segment that is not in this dataset is ignored (scenarios on settings made for another). */
  strict?: boolean
}

export function costInputsOf(
  s: Pick<PricingSettings, 'cost_share' | 'cost_shares' | 'item_costs'>
): CostInputs {
  return { share: s.cost_share, bySegment: s.cost_shares ?? null, table: s.item_costs ?? null }
}

/** The key of cost_shares that stands for every segment not listed (unless a segment has that name). */
export const OTHER_SEGMENTS = 'other'

/**
 * Each segment's cost share: its own where listed, "other" for the rest, else the one share.
 * A listed name that is no segment is refused, with the segments it could be.
 */
export function segmentShare(
  inputs: CostInputs,
  segments: string[],
  segmentName: string
): (segment: string) => number | null {
  const by = inputs.bySegment ?? {}
  const known = new Set(segments)
  const unknown = Object.keys(by).filter((k) => !known.has(k) && k !== OTHER_SEGMENTS)
  if (unknown.length && inputs.strict !== false) {
    const list = segments
      .slice(0, 20)
      .map((s) => `"${s}"`)
      .join(', ')
    const message = `cost share by ${segmentName}: no ${segmentName} ${unknown.map((u) => `"${u}"`).join(', ')} in this dataset (${segmentName}s: ${list}${segments.length > 20 ? ', …' : ''}; "${OTHER_SEGMENTS}" sets the rest)`
    throw new DomainError(
      'invalid_input',
      message,
      unknown.map((u) => ({ path: ['cost_shares', u], message }))
    )
  }
  const rest = known.has(OTHER_SEGMENTS) ? inputs.share : (by[OTHER_SEGMENTS] ?? inputs.share)
  return (segment) => (segment in by && known.has(segment) ? by[segment] : rest)
}

interface Costed {
  id: string
  segment: string
  current_price: number
  cost: number | null
  cost_source?: CostSource | null
}

const FIRST = 20

/**
 * Gives every item its cost from the most specific source (a cost table, the mapped cost
 * column, its segment's share, the one share) and says where each came from. Items get
 * `cost` and `cost_source`; the summary counts them and lists a table's unknown and missing items.
 */
export function assignCosts(items: Costed[], inputs: CostInputs, segmentName: string): CostSummary {
  const segments = [...new Set(items.map((it) => it.segment))]
  const shareOf = segmentShare(inputs, segments, segmentName)
  const listed = inputs.bySegment ?? {}
  const table = new Map((inputs.table?.rows ?? []).map((r) => [r.item, r]))
  const missing: string[] = []
  const sources: Record<string, number> = {}
  let without = 0
  for (const it of items) {
    const fromTable = table.get(it.id)
    const mapped = it.cost
    const share = shareOf(it.segment)
    if (fromTable) {
      it.cost = fromTable.cost
      it.cost_source = 'cost_table'
    } else if (mapped !== null) it.cost_source = 'cost_column'
    else if (share !== null) {
      it.cost = share * it.current_price
      it.cost_source = it.segment in listed || OTHER_SEGMENTS in listed ? 'segment_share' : 'cost_share'
    } else it.cost_source = null
    if (inputs.table && !fromTable) missing.push(it.id)
    if (it.cost_source) sources[it.cost_source] = (sources[it.cost_source] ?? 0) + 1
    else without++
  }
  const ids = new Set(items.map((it) => it.id))
  const unknown = (inputs.table?.rows ?? []).filter((r) => !ids.has(r.item))
  return {
    sources,
    without_cost: without,
    table: inputs.table
      ? {
          file: inputs.table.file,
          rows: inputs.table.rows.length,
          matched: items.length - missing.length,
          unknown_items: unknown.slice(0, FIRST).map((r) => ({ item: r.item, line: r.line })),
          unknown_count: unknown.length,
          missing_items: missing.slice(0, FIRST),
          missing_count: missing.length
        }
      : null
  }
}

/** The cost table's unknown and missing items as warnings (the first few named). */
export function costWarnings(c: CostSummary, itemWord = 'item'): string[] {
  const t = c.table
  if (!t) return []
  const out: string[] = []
  const more = (n: number, shown: number) => (n > shown ? ` and ${n - shown} more` : '')
  if (t.unknown_count)
    out.push(
      `${t.unknown_count} ${itemWord}${t.unknown_count === 1 ? '' : 's'} of the cost table ${t.file} ${t.unknown_count === 1 ? 'is' : 'are'} not in this dataset: ${t.unknown_items.map((u) => `"${u.item}" (line ${u.line})`).join(', ')}${more(t.unknown_count, t.unknown_items.length)}`
    )
  if (t.missing_count)
    out.push(
      `the cost table ${t.file} has no cost for ${t.missing_count} ${itemWord}${t.missing_count === 1 ? '' : 's'}: ${t.missing_items.map((m) => `"${m}"`).join(', ')}${more(t.missing_count, t.missing_items.length)}; ${t.missing_count === 1 ? 'it takes its cost' : 'they take their cost'} from the cost column or cost share, if any`
    )
  return out
}
