/** Checks of the Propensity page's text inputs, in the fields' own terms (pure, for the tests). */

/** A calendar date as the cutoff field takes it; null when the text is one (or empty: the default). */
export function cutoffProblem(text: string): string | null {
  const t = text.trim()
  if (!t) return null
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t)
  const d = m ? new Date(`${t}T00:00:00Z`) : null
  return d && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === t
    ? null
    : `Cutoff must be a date written YYYY-MM-DD (got "${t}"), or empty for 60 days before the end`
}

/** A segment's discount as typed: a percentage from 0 to 100, or the reason it is not one. */
export function discountProblem(segment: string, text: string): string | null {
  const v = Number(text.replace(',', '.'))
  return text.trim() !== '' && Number.isFinite(v) && v >= 0 && v <= 100
    ? null
    : `Discount for ${segment}: enter a percentage from 0 to 100 (got "${text}")`
}
