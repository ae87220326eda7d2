import type { Stratification, UnitKind } from '../../shared/experiments'

/**
 * What a stratification is called in the analyst's terms: for items of an imported dataset "category" means the
 * dataset's segment column (e.g. "brand"), so a plan never says "category" for data that has none.
 */
export function strataLabel(s: Stratification, units: UnitKind, segmentColumn: string | null = null): string {
  if (s === 'none') return 'nothing (complete randomization)'
  if (s === 'price_tier') return 'price tier'
  if (s === 'tier') return 'difficulty tier'
  if (s === 'segment') return units === 'learners' ? 'propensity segment' : 'segment'
  return units === 'items' ? (segmentColumn ?? 'segment') : 'category'
}
