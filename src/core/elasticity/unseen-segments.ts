import type { ElasticityReport } from '../../shared/elasticity/results'
import type { Panel } from './panel'
import { DomainError } from '../../shared/domain-error'

/**
 * A model has a column (linear) or a code (trees) for each segment its training rows had, in name
 * order. Data with a segment the run never saw (a --max-rows sample that missed a brand, a brand
 * imported after training) was refused deep in a linear model with a design-size message, and
 * silently mispriced by trees (every later segment's code shifted): refused here, before any
 * prediction, naming the segments and the fix. `verb` says what was asked ("price", "predict").
 */
export function refuseUnseenSegments(
  report: ElasticityReport,
  kind: string,
  panel: Panel,
  verb = 'price'
): void {
  const seen = new Set(report.segments.map((s) => s.segment))
  const unseen = panel.segments.filter((s) => !seen.has(s))
  if (!unseen.length) return
  const column = report.segment_column || 'segment'
  const shown = unseen.slice(0, 5).map((s) => JSON.stringify(s))
  const more = unseen.length > 5 ? ` and ${unseen.length - 5} more` : ''
  const names = `${column} ${shown.join(', ')}${more}`
  const s = report.sampled
  const why = s
    ? `it was trained on a sample of ${s.rows} of ${s.of_rows} rows (--max-rows) that has no row of ${names}`
    : `its training data had no row of ${names}`
  const fix = s
    ? 'train the elasticity run again without --max-rows, or with a larger one'
    : 'train the elasticity run again on the current data'
  throw new DomainError(
    'invalid_input',
    `elasticity run ${report.run_id}'s ${kind} model cannot ${verb} ${unseen.length} ${column} value${unseen.length > 1 ? 's' : ''} it never saw: ${why}; ${fix}`
  )
}
