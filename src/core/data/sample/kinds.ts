import type { Db } from '../../db/port'
import { generateSampleData, type GenerateSummary, type Progress } from './generate'
import { generateRetailSample } from './retail/generate'

/** The built-in samples: the EdTech token economy (seed tables) and the retail store × brand panel (a dataset). */
export const SAMPLE_KINDS = ['edtech', 'retail'] as const
export type SampleKind = (typeof SAMPLE_KINDS)[number]

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
