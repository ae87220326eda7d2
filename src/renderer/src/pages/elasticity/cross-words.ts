import type { CrossCell } from '../../../../shared/elasticity/cross'
import { count, fixed } from '../../format'

/**
 * The cannibalization card's words and layout, from the run's cross matrix only (no estimate is
 * recomputed here): the order of the heatmap's axes, the pairs the data give evidence for, and the
 * sentences in the dataset's own column names ("brand", "within each store").
 */

/**
 * What competes in the matrix: the segment values (brands within a store) or, for an item-level matrix,
 * the items inside each segment (courses within a category), so the card never says "category against
 * category" for a matrix of courses.
 */
export function crossNoun(report: { segment_column: string; cross_level?: 'segment' | 'item' }): string {
  return report.cross_level === 'item' ? 'item' : report.segment_column
}

/** "−0.12 [−0.20, −0.05]": the estimate and its 90% interval, on one line. */
export function crossInterval(c: Pick<CrossCell, 'elasticity' | 'ci_low' | 'ci_high'>): string {
  return `${fixed(c.elasticity, 2)}\u00a0[${fixed(c.ci_low, 2)},\u00a0${fixed(c.ci_high, 2)}]`
}

/**
 * The segment values of the matrix, one order for both axes (rows `on`, columns `of`) so the empty
 * diagonal (own effects are not cross terms) runs corner to corner: the run's order of first appearance.
 */
export function crossSegments(cells: CrossCell[]): string[] {
  const seen: string[] = []
  for (const c of cells) for (const s of [c.on, c.of]) if (!seen.includes(s)) seen.push(s)
  return seen
}

/** A cell's value with two decimals, never "-0.00". */
export function cellValue(x: number): string {
  return fixed(x, 2)
}

/** The pairs with evidence (the interval excludes 0), the largest effects first. */
export function pairsWithEvidence(cells: CrossCell[]): CrossCell[] {
  return cells
    .filter((c) => c.reading !== 'no evidence')
    .sort((a, b) => Math.abs(b.elasticity) - Math.abs(a.elasticity))
}

/** The largest |elasticity| of the matrix, so the diverging scale is symmetric around 0 (never 0 wide). */
export function crossScale(cells: CrossCell[]): number {
  const m = Math.max(0, ...cells.map((c) => Math.abs(c.elasticity)))
  return m > 0 ? Math.ceil(m * 20) / 20 : 0.05
}

/** "within each store" (or "pooled" when the run names no group, which a run with cells never does). */
export function groupWords(crossGroup: string | null): string {
  return crossGroup ? `within each ${crossGroup}` : 'across the whole dataset'
}

/** The card's one-line explanation, in the dataset's words. */
export function crossCaption(segment: string, crossGroup: string | null, cells: CrossCell[]): string {
  const evidence = pairsWithEvidence(cells)
  const subs = evidence.filter((c) => c.reading === 'substitutes').length
  const comps = evidence.length - subs
  return (
    `How the quantity of each ${segment} (row) moves when another ${segment}'s price (column) rises 1%, ` +
    `${groupWords(crossGroup)}: ${evidence.length} of ${cells.length} pairs with evidence ` +
    `(${subs} substitutes, ${comps} complements; 90% intervals, shrunk toward 0 where data are thin).`
  )
}

/** The tooltip of one heatmap cell. */
export function crossTooltip(segment: string, c: CrossCell): string {
  return (
    `${segment} ${c.on}, price of ${c.of}: ${crossInterval(c)} (90%)<br/>` +
    `${c.reading}; n = ${count(c.n)} rows`
  )
}

/**
 * The line shown when the run has no cross-price matrix: no group column splits the items (the EdTech
 * sample), or cross effects were turned off (`--cross-group none`), or the run predates them.
 */
export function noCrossGroupLine(segment: string): string {
  return (
    `No cross-price effects in this run: no column was found that splits the items as ${segment} × group ` +
    `(such as a store), or they were turned off, so each ${segment}'s price moves only its own demand. ` +
    `Name the group column with --cross-group COL (pricelab elasticity --cross-group store).`
  )
}
