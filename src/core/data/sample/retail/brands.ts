/**
 * The retail sample's brands: a 64 oz juice aisle, premium to store brand. Made-up
 * names; prices, volumes and elasticities are styled on public weekly store panels
 * (see /work/shared/REAL-DATA-SHAPES.md): dollar prices with cents, premium brands
 * dearer, less price-sensitive and selling more, the store brand cheap and elastic.
 */
export interface RetailBrand {
  name: string
  /** Short code used in item ids (store-code). */
  code: string
  /** True own-price elasticity of the brand: the mean of its store-brand items' elasticities. */
  elasticity: number
  /** Regular shelf prices in cents, low to high: a store-brand sits on one of these, moving a step now and then. */
  pricePoints: number[]
  /** Expected weekly units at a median store, at the reference price, without promotion. */
  baseUnits: number
}

export const RETAIL_BRANDS: readonly RetailBrand[] = [
  { name: 'Sunvale Premium', code: 'SUN', elasticity: -1.5, pricePoints: [399, 419, 449], baseUnits: 210 },
  { name: 'Orchard Gold', code: 'ORC', elasticity: -2.0, pricePoints: [349, 369, 389], baseUnits: 340 },
  { name: 'Grove Fresh', code: 'GRO', elasticity: -2.4, pricePoints: [299, 319, 339], baseUnits: 170 },
  { name: 'Valley Pure', code: 'VAL', elasticity: -2.8, pricePoints: [249, 269, 289], baseUnits: 120 },
  { name: 'Morning Sun', code: 'MOR', elasticity: -3.2, pricePoints: [219, 229, 249], baseUnits: 90 },
  { name: 'Brightside', code: 'BRI', elasticity: -3.6, pricePoints: [179, 199, 219], baseUnits: 45 },
  { name: 'Thrifty Farms', code: 'THR', elasticity: -4.0, pricePoints: [129, 139, 149], baseUnits: 240 }
]

/** The reference price of a brand (the middle price point, in dollars): where its baseline volume is stated. */
export function referencePrice(b: RetailBrand): number {
  return b.pricePoints[Math.floor(b.pricePoints.length / 2)] / 100
}

/**
 * True cross-price elasticities within a store: `brand`'s demand rises by
 * `elasticity` × log(price of `other` / its reference price). Substitutes sit next to
 * each other on the shelf: the two premium brands, the two cheapest, and a mid pair.
 */
export const RETAIL_CROSS: readonly { brand: string; other: string; elasticity: number }[] = [
  { brand: 'ORC', other: 'SUN', elasticity: 0.5 },
  { brand: 'SUN', other: 'ORC', elasticity: 0.3 },
  { brand: 'THR', other: 'BRI', elasticity: 0.4 },
  { brand: 'BRI', other: 'THR', elasticity: 0.3 },
  { brand: 'VAL', other: 'GRO', elasticity: 0.3 }
]
