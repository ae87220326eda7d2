import type { UnitKind } from '../../shared/experiments'

/**
 * What a plan calls its units, in the data's own words: the EdTech sample's courses and learners,
 * an imported dataset's items, or the values of the id column chosen as the unit ("store" → stores).
 */
export function unitNoun(kind: UnitKind, unitColumn: string | null = null): { one: string; many: string } {
  if (kind === 'courses') return { one: 'course', many: 'courses' }
  if (kind === 'learners') return { one: 'learner', many: 'learners' }
  if (!unitColumn || unitColumn === 'item') return { one: 'item', many: 'items' }
  const many = /(s|x|ch|sh)$/i.test(unitColumn)
    ? `${unitColumn}es`
    : /[^aeiou]y$/i.test(unitColumn)
      ? `${unitColumn.slice(0, -1)}ies`
      : `${unitColumn}s`
  return { one: unitColumn, many }
}

/** The design in words: which units move together and how arms are scheduled. */
export function designLabel(d: {
  schedule: 'fixed' | 'switchback'
  cluster: boolean
  cluster_by: string | null
  units: UnitKind
}): string {
  const by = d.units === 'items' ? d.cluster_by : d.cluster && d.units === 'courses' ? 'teacher' : null
  if (d.schedule === 'switchback')
    return by
      ? `switchback by ${by} (each ${by}'s arm alternates by period)`
      : 'switchback (each unit’s arm alternates by period)'
  return by ? `clustered by ${by} (whole ${by} groups randomized together)` : 'randomized unit by unit'
}
