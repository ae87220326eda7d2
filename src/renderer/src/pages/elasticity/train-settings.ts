import type { ElasticityReport, ModelKind } from '../../../../shared/elasticity'
import { MODEL_KINDS, MODEL_LABELS } from '../../../../shared/elasticity'

/** The Elasticity page's training form. null = the dataset's default (every feature; debias within items). */
export interface TrainSettings {
  models: ModelKind[]
  seed: number
  withinItems: boolean | null
  /** 'time' where the data has periods; null = that default. */
  validation: 'time' | 'items' | null
  features: string[] | null
}

export const DEFAULT_SEED = 42
export const defaultTrainSettings = (): TrainSettings => ({
  models: [...MODEL_KINDS],
  seed: DEFAULT_SEED,
  withinItems: null,
  validation: null,
  features: null
})

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x))
const list = (xs: readonly string[]) => xs.join(', ') || 'none'

/**
 * The settings on the form that differ from those the shown run was trained with, in the form's
 * own words ("Seed: 42 on screen, 7 on the form"): non-empty means the results are stale. A
 * setting left at its default (null) never differs: the run used the dataset's default too.
 */
export function elasticityStaleness(form: TrainSettings, report: ElasticityReport): string[] {
  const out: string[] = []
  const trained = [...report.models.map((m) => m.name), ...report.failed.map((f) => f.name)]
  if (!sameSet(form.models, trained))
    out.push(
      `Models: ${list(trained.map((m) => MODEL_LABELS[m]))} → ${list(form.models.map((m) => MODEL_LABELS[m]))}`
    )
  if (form.seed !== report.plan.seed) out.push(`Seed: ${report.plan.seed} → ${form.seed}`)
  if (form.withinItems !== null && form.withinItems !== report.plan.withinItems)
    out.push(
      `Debias within items: ${report.plan.withinItems ? 'on' : 'off'} → ${form.withinItems ? 'on' : 'off'}`
    )
  // What the run asked for (it falls back to held-out items on data without periods), else what it did.
  const validated = report.plan.validation ?? report.validation
  if (form.validation !== null && validated && form.validation !== validated)
    out.push(`Validate on: ${VALIDATION_LABELS[validated]} → ${VALIDATION_LABELS[form.validation]}`)
  if (form.features !== null && !sameSet(form.features, report.controls))
    out.push(`Features: ${list(report.controls)} → ${list(form.features)}`)
  return out
}

export const VALIDATION_LABELS: Record<'time' | 'items', string> = {
  time: 'Last weeks of every item',
  items: 'New items (held-out items)'
}
