import type { Db } from '../../db/port'
import { generateSampleData, type Progress } from './generate'
import { generateRetailSample } from './retail/generate'
import type { SampleKind } from '../../../shared/data'
import type { SampleSummary } from '../../../shared/data/results'

export function generateSample(
  db: Db,
  kind: SampleKind,
  options: { seed: number; scale: number },
  onProgress?: (p: Progress) => void
): SampleSummary {
  if (kind === 'retail') return { ...generateRetailSample(db, options, onProgress), kind }
  return { ...generateSampleData(db, options, onProgress), kind, dataset: null }
}
