import { bandOf } from '../segments'
import type { Band } from '../../../shared/propensity/results'
import type { FeatureGroup } from './encode'
import type { Cell, CustomerTable } from './generate'
import type { SegmentProfiles } from '../../../shared/propensity/customer-results'
import { pct } from '../../../shared/format/numbers'

const YES = new Set(['yes', 'y', 'true', 't', '1'])

/**
 * Who is in each band: its size, mean score, the rate it actually had, and a
 * profile of every feature column in the analyst's own terms (mean tenure, share
 * with a yes, the most common contract).
 */
export function segmentProfiles(
  table: CustomerTable,
  score: ArrayLike<number>,
  y: Int8Array,
  groups: FeatureGroup[],
  bands: Band[]
): SegmentProfiles {
  const segments = bands.map((b) => b.name)
  const band = Int32Array.from({ length: score.length }, (_, i) => segments.indexOf(bandOf(score[i], bands)))
  const B = segments.length
  const count = new Array<number>(B).fill(0)
  const sum = new Array<number>(B).fill(0)
  const pos = new Array<number>(B).fill(0)
  const lab = new Array<number>(B).fill(0)
  for (let i = 0; i < score.length; i++) {
    count[band[i]]++
    sum[band[i]] += score[i]
    if (y[i] >= 0) {
      lab[band[i]]++
      pos[band[i]] += y[i]
    }
  }
  const byName = new Map(table.columns.map((c) => [c.name, c.values]))
  const columns = groups.map((g) => {
    const values = byName.get(g.column) as Cell[]
    const out: (number | string | null)[] = []
    for (let b = 0; b < B; b++) {
      let s = 0
      let m = 0
      const levels = new Map<string, number>()
      for (let i = 0; i < values.length; i++) {
        if (band[i] !== b) continue
        const v = values[i]
        if (g.how === 'number') {
          const x = typeof v === 'number' ? v : v === null || String(v).trim() === '' ? NaN : Number(v)
          if (Number.isFinite(x)) {
            s += x
            m++
          }
        } else if (g.how === 'yes/no') {
          if (v !== null && String(v).trim() !== '') {
            s += YES.has(String(v).trim().toLowerCase()) ? 1 : 0
            m++
          }
        } else {
          const k = v === null || String(v).trim() === '' ? '(blank)' : String(v).trim()
          levels.set(k, (levels.get(k) ?? 0) + 1)
          m++
        }
      }
      if (g.how === 'number' || g.how === 'yes/no') out.push(m ? s / m : null)
      else {
        const top = [...levels.entries()].sort((a, b2) => b2[1] - a[1])[0]
        out.push(top ? `${top[0]} (${pct(top[1] / m)})` : null)
      }
    }
    return { column: g.column, how: g.how, values: out }
  })
  return {
    segments,
    customers: count,
    mean_score: sum.map((s, b) => (count[b] ? s / count[b] : 0)),
    observed_rate: pos.map((p, b) => (lab[b] ? p / lab[b] : null)),
    columns
  }
}
