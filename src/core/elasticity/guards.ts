import { PanelError, type Panel } from './panel'
import { count } from '../../shared/format/numbers'

/**
 * Refuses panels no elasticity can be estimated from, with the reason in the analyst's
 * terms, before any model is trained (a model on such data still "fits" and reports
 * numbers that mean nothing, e.g. 0.00 [0.00, 0.00] on all-zero sales).
 */
export function checkPanel(panel: Panel, opts: { withinItems: boolean }): void {
  const q = panel.quantity
  if (q.every((v) => v === q[0]))
    throw new PanelError(
      q[0] === 0
        ? 'every quantity is 0: with no sales there is no demand to estimate an elasticity from'
        : `every quantity is ${q[0]}: demand never changes, so there is nothing to relate to price`
    )
  const p = panel.price
  if (p.every((v) => v === p[0]))
    throw new PanelError(`the price is always ${p[0]}: elasticity needs price variation`)
  if (panel.itemIds.length < 2)
    throw new PanelError(
      `only one item ("${panel.itemIds[0]}"): its price changes over time are confounded with everything else that changed then, and no model can be validated on other items; add items (or map the item column)`
    )
  if (opts.withinItems && panel.n === panel.itemIds.length && looksLikeSalesLines(panel))
    throw new PanelError(
      `every item has a single row (${count(panel.n)} rows, ${count(panel.itemIds.length)} items): a within-item elasticity needs each item's price and sales over several periods. If these are sales lines (a till or ERP export), build the item × period panel first: pricelab import --transactions --item-by COLUMN,… --time COLUMN --bucket week …; else map the item column`
    )
  if (opts.withinItems && panel.n >= 2 * panel.itemIds.length && !withinVariation(panel))
    throw new PanelError(
      "no item's price ever changes: a within-item elasticity is not identified. Differences between items' prices can be used instead (--within-items off), but then anything that makes an item both dearer and more popular biases the estimate"
    )
}

/**
 * One row per item is a basket log imported as it is, unless periods repeat: a weekly panel without an
 * item column (store, brand, week, price, units) also has rows as items, but many rows share each week.
 */
function looksLikeSalesLines(panel: Panel): boolean {
  if (!panel.period) return true
  let periods = 0
  for (let i = 0; i < panel.n; i++) if (panel.period[i] >= periods) periods = panel.period[i] + 1
  return periods > panel.n / 2
}

function withinVariation(panel: Panel): boolean {
  const first = new Float64Array(panel.itemIds.length).fill(NaN)
  for (let i = 0; i < panel.n; i++) {
    const it = panel.item[i]
    if (Number.isNaN(first[it])) first[it] = panel.price[i]
    else if (panel.price[i] !== first[it]) return true
  }
  return false
}
