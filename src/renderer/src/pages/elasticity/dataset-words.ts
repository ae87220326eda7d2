/** The Elasticity page's words that come from the dataset: its columns and segment, never the EdTech sample's. */

/** The demand chart's axis names, in the dataset's own columns ("units / week", "volume / row"). */
export interface CurveAxes {
  price: string
  quantity: string
  revenue: string
}

export function curveAxes(
  source: { price: string; quantity: string; period: string | null } | null
): CurveAxes {
  if (!source) return { price: 'mean price', quantity: 'quantity / row', revenue: 'revenue / row' }
  const per = source.period ? 'week' : 'row'
  // The sample's period is its week; another dataset's period column may be any date: its rows are weeks.
  return {
    price: `mean ${source.price}`,
    quantity: `${source.quantity} / ${per}`,
    revenue: `revenue / ${per}`
  }
}

/** What per-item elasticities are pooled toward: their segment's, or, without segments, the overall estimate. */
export function pooledToward(segmentColumn: string): string {
  return segmentColumn === 'all' ? 'the overall estimate' : `their ${segmentColumn}`
}
