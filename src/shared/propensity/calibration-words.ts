import { fixed } from '../format/numbers'
import type { CustomerTargetReport } from './customer-results'

const METHOD: Record<CustomerTargetReport['calibration_method'], string> = {
  platt: 'Platt scaling',
  isotonic: 'isotonic regression'
}

/**
 * Whether the scores were calibrated and why, with both ECEs (the page and the CLI say the same): a calibration
 * is kept only when it lowers the ECE on the validation folds; the test customers' ECE follows.
 */
export function calibrationWords(
  t: Pick<
    CustomerTargetReport,
    'calibration_method' | 'calibration_applied' | 'ece_validation' | 'ece_before' | 'ece_after'
  >
): string {
  const test = `test ECE ${fixed(t.ece_before)} → ${fixed(t.ece_after)}`
  const v = t.ece_validation
  if (!v) return `calibrated (${METHOD[t.calibration_method]}, chosen on the validation folds): ${test}`
  const validation = `validation ECE ${fixed(v.uncalibrated)} → ${fixed(v.calibrated)}`
  return t.calibration_applied
    ? `calibrated with ${METHOD[t.calibration_method]} (${validation}); ${test}`
    : `not calibrated: ${METHOD[t.calibration_method]} would raise the ${validation}, so the model's own scores are used (test ECE ${fixed(t.ece_after)})`
}
