import type { ScenarioSpec } from '../../../../shared/pricing'

/**
 * The question to ask before saving a scenario under `name`, or null when the
 * name is free. Names are unique in the project (saving replaces), including
 * across datasets, so a scenario of another dataset, not listed on this page,
 * is named with its dataset rather than replaced unseen.
 */
export function replaceQuestion(
  name: string,
  all: readonly Pick<ScenarioSpec, 'name' | 'dataset'>[],
  dataset: string | undefined,
  edtechSample: string
): string | null {
  const wanted = name.trim()
  const old = all.find((s) => s.name === wanted)
  if (!old) return null
  const of = old.dataset ?? edtechSample
  const elsewhere = dataset !== undefined && of !== dataset
  return elsewhere
    ? `Replace scenario “${wanted}”? A scenario of that name exists for dataset ${of}; saving replaces it.`
    : `Replace scenario “${wanted}”? Saving replaces the saved one; Cancel keeps it.`
}
