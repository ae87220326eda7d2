// The words a price sheet is described in: its period, unit and objective, and whether it is the EdTech sample's.
import type { PricingRun } from '../../../../shared/pricing'

/** The EdTech sample's dataset id (its quantities are enrollments, its prices tokens). */
export const isSample = (dataset: string) => dataset.startsWith('sample:')

export function sheetWords(run: PricingRun | null, dataset = '') {
  // Runs saved before units existed are the EdTech sample's, in tokens.
  const sample = run ? isSample(run.dataset) : isSample(dataset)
  return {
    sample,
    per: sample ? 'week' : 'period',
    unitLabel: run?.unit?.label ?? 'tokens',
    // The headline is in the objective's terms: margin when the sheet maximized margin.
    objectiveName: run?.settings.objective === 'margin' ? 'Margin' : 'Revenue'
  }
}
