import type { PriceRow } from '../../../../shared/pricing'

/**
 * True when the items have names of their own. A dataset without a name column gets each item's id as its
 * name, and a "Name" column then repeats the "Item" column ("S15-ORC  S15-ORC"): the tables leave it out.
 */
export function hasOwnNames(rows: readonly Pick<PriceRow, 'item_id' | 'name'>[]): boolean {
  return rows.some((r) => r.name !== '' && r.name !== r.item_id)
}
