import type { Db } from '../../db/port'
import { generateSampleData, type GenerateSummary, type Progress } from './generate'
import { generateRetailSample } from './retail/generate'
import { SAMPLE_KINDS, type SampleKind } from '../../../shared/data'

export { SAMPLE_KINDS, type SampleKind } from '../../../shared/data'

export function isSampleKind(s: string): s is SampleKind {
  return (SAMPLE_KINDS as readonly string[]).includes(s)
}

export interface SampleSummary extends GenerateSummary {
  kind: SampleKind
  /** The dataset written (retail), or null (the EdTech sample fills the seed tables). */
  dataset: string | null
}

export function generateSample(
  db: Db,
  kind: SampleKind,
  options: { seed: number; scale: number },
  onProgress?: (p: Progress) => void
): SampleSummary {
  if (kind === 'retail') return { ...generateRetailSample(db, options, onProgress), kind }
  return { ...generateSampleData(db, options, onProgress), kind, dataset: null }
}
