import type { CrossCell } from '../../shared/elasticity/cross'
import { esc } from './svg'
import { count, numberInterval } from '../../shared/format/numbers'

/** A cell's elasticity and interval in the digits that keep the point inside. */
const cell = (c: CrossCell) => numberInterval(c.elasticity, c.ci_low, c.ci_high)

/**
 * The study report's cross-price section: the pairs with evidence (substitutes or
 * complements, 90% interval on one side of zero), strongest first, and how many pairs
 * show none. Null where the run has no cross matrix.
 */
export function crossHtml(e: {
  cross_group?: string | null
  cross_level?: 'segment' | 'item'
  cross?: CrossCell[]
  segment_column: string
}): string | null {
  const cells = e.cross ?? []
  if (!e.cross_group || !cells.length) return null
  const shown = cells
    .filter((c) => c.reading !== 'no evidence')
    .sort((a, b) => Math.abs(b.elasticity) - Math.abs(a.elasticity))
  const rows = shown
    .map(
      (c) =>
        `<tr><td>${esc(c.on)}</td><td>${esc(c.of)}</td><td class="num">${cell(c).point}</td><td class="num">${cell(c).low} to ${cell(c).high}</td><td>${esc(c.reading)}</td><td class="num">${count(c.n)}</td></tr>`
    )
    .join('')
  // Item level: the items of one segment compete (courses within a category), named by their ids.
  const what =
    e.cross_level === 'item'
      ? `How much the quantity of one item moves when another item of the same ${esc(e.cross_group)} changes its price by 1% (the ${esc(e.cross_group)}'s best-selling items; within items and weeks, the same controls; each cell shrunk toward zero where data are thin).`
      : `How much the quantity of one ${esc(e.segment_column)} moves when another's price moves by 1%, within the same ${esc(e.cross_group)} (within items and weeks, the same controls; each cell shrunk toward zero where data are thin).`
  const title =
    e.cross_level === 'item'
      ? `items against items within each ${esc(e.cross_group)}`
      : `cross-price effects within ${esc(e.cross_group)}`
  return `<section><h2>Cannibalization: ${title}</h2><p>${what} Scenarios and the optimizer use these terms.</p><table><thead><tr><th>Quantity of</th><th>Price of</th><th>Cross elasticity</th><th>90% interval</th><th>Reading</th><th>Rows</th></tr></thead><tbody>${rows}</tbody></table><div class="note">${cells.length - shown.length} of ${cells.length} pairs: no evidence either way (interval includes 0).</div></section>`
}
