/** Score bands and the learners in each. */
import type { Band } from '../../shared/propensity/results'

/** The default enrollment bands (editable per project). */
export const DEFAULT_BANDS: Band[] = [
  { name: 'Hot', min: 0.7 },
  { name: 'Warm', min: 0.5 },
  { name: 'Cold', min: 0.3 },
  { name: 'Dormant', min: 0 }
]

/** Bands for the price-sensitivity score. */
export const SENSITIVITY_BANDS: Band[] = [
  { name: 'High', min: 0.7 },
  { name: 'Medium', min: 0.3 },
  { name: 'Low', min: 0 }
]

/**
 * Who is both at risk and price-sensitive: learner counts by churn band (rows) and
 * price-sensitivity band (columns), the candidates for targeted discounts being
 * the top-left cells.
 */
export function riskSensitivityMatrix(
  churn: Map<number, number>,
  sensitivity: Map<number, number>,
  bands: Band[] = DEFAULT_BANDS
): { rows: string[]; columns: string[]; counts: number[][] } {
  const rows = churnRiskNames(bands)
  const names = bands.map((b) => b.name)
  const columns = SENSITIVITY_BANDS.map((b) => b.name)
  const counts = rows.map(() => columns.map(() => 0))
  for (const [learner, c] of churn) {
    const s = sensitivity.get(learner)
    if (s === undefined) continue
    counts[names.indexOf(bandOf(c, bands))][columns.indexOf(bandOf(s, SENSITIVITY_BANDS))]++
  }
  return { rows, columns, counts }
}

/** Churn-risk words, highest first: the enrollment bands' names (Hot, Warm, …) say eagerness, not risk. */
const CHURN_RISK = ['High risk', 'Elevated risk', 'Some risk']

/** The matrix's row labels: a churn-risk word and the band's score range, e.g. "High risk (≥ 0.7)", "Low risk (< 0.3)". */
export function churnRiskNames(bands: Band[]): string[] {
  return bands.map((b, i) =>
    i === bands.length - 1
      ? `Low risk (< ${bands[i - 1]?.min ?? 1})`
      : `${CHURN_RISK[i] ?? 'At risk'} (≥ ${b.min})`
  )
}

export function bandOf(score: number, bands: Band[] = DEFAULT_BANDS): string {
  for (const b of bands) if (score >= b.min) return b.name
  return bands[bands.length - 1].name
}

export function segmentSummary(
  scores: ArrayLike<number>,
  bands: Band[] = DEFAULT_BANDS
): { segment: string; learners: number; mean_score: number }[] {
  return bands.map((b) => {
    let n = 0
    let s = 0
    for (let i = 0; i < scores.length; i++)
      if (bandOf(scores[i], bands) === b.name) {
        n++
        s += scores[i]
      }
    return { segment: b.name, learners: n, mean_score: n ? s / n : 0 }
  })
}

/** The Hot / Warm / Cold thresholds an analyst sets (Dormant is the rest). */
export function bandsFrom(t: { hot: number; warm: number; cold: number }): Band[] {
  if (!(t.hot <= 1 && t.hot > t.warm && t.warm > t.cold && t.cold > 0))
    throw new RangeError(
      `thresholds must satisfy 1 ≥ Hot > Warm > Cold > 0 (got Hot ${t.hot}, Warm ${t.warm}, Cold ${t.cold})`
    )
  return [
    { name: 'Hot', min: t.hot },
    { name: 'Warm', min: t.warm },
    { name: 'Cold', min: t.cold },
    { name: 'Dormant', min: 0 }
  ]
}
