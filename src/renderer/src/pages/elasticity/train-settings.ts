import { DEFAULT_SEED } from '../../../../shared/defaults'
import type { ElasticityReport } from '../../../../shared/elasticity/results'
import type { ModelKind } from '../../../../shared/elasticity'
import { MODEL_KINDS, MODEL_LABELS, VALIDATION_LABELS, type Validation } from '../../../../shared/elasticity'

export { VALIDATION_LABELS }

/** The Elasticity page's training form. null = the dataset's default (every feature; debias within items). */
export interface TrainSettings {
  models: ModelKind[]
  seed: number
  withinItems: boolean | null
  /** null = the dataset's default ('time' where the data has periods, else 'rows'). */
  validation: Validation | null
  features: string[] | null
}

export const defaultTrainSettings = (): TrainSettings => ({
  models: [...MODEL_KINDS],
  seed: DEFAULT_SEED,
  withinItems: null,
  validation: null,
  features: null
})

/** A run's settings in one comparable shape (sorted lists), for StaleNotice. */
export interface ComparableTraining {
  models: string[]
  seed: number
  withinItems: boolean
  validation: Validation | null
  features: string[]
}

/** The settings the shown run was trained with (the validation it ran with: older runs fell back to items without asking). */
export function trainedWith(report: ElasticityReport): ComparableTraining {
  return {
    models: [
      ...report.models.map((m) => m.name),
      ...report.failed.flatMap((f) => (f.name === 'dml' ? [] : [f.name]))
    ].sort(),
    seed: report.plan.seed,
    withinItems: report.plan.withinItems,
    validation: report.validation ?? report.plan.validation ?? null,
    features: [...report.controls].sort()
  }
}

/** The form's settings in the same shape; a setting left at its default reads as what the run used. */
export function formAsTraining(form: TrainSettings, report: ElasticityReport): ComparableTraining {
  const run = trainedWith(report)
  return {
    models: [...form.models].sort(),
    seed: form.seed,
    withinItems: form.withinItems ?? run.withinItems,
    validation: form.validation ?? run.validation,
    features: form.features ? [...form.features].sort() : run.features
  }
}

const list = (xs: readonly string[]) => xs.join(', ') || 'none'
const onOff = (b: boolean) => (b ? 'on' : 'off')
const DESCRIBE: { [K in keyof ComparableTraining]: [string, (v: ComparableTraining[K]) => string] } = {
  models: ['Models', (v) => list(v.map((m) => MODEL_LABELS[m as ModelKind] ?? m))],
  seed: ['Seed', String],
  withinItems: ['Debias within items', onOff],
  validation: ['Validate on', (v) => (v ? VALIDATION_LABELS[v] : 'default')],
  features: ['Features', list]
}

/**
 * The settings on the form that differ from those the shown run was trained with, in the form's
 * own words ("Seed: 42 → 7"): non-empty exactly when StaleNotice marks the results stale.
 */
export function elasticityStaleness(form: TrainSettings, report: ElasticityReport): string[] {
  const was = trainedWith(report)
  const now = formAsTraining(form, report)
  return (Object.keys(DESCRIBE) as (keyof ComparableTraining)[])
    .filter((k) => JSON.stringify(was[k]) !== JSON.stringify(now[k]))
    .map((k) => {
      const [label, show] = DESCRIBE[k] as [string, (v: unknown) => string]
      return `${label}: ${show(was[k])} → ${show(now[k])}`
    })
}

/**
 * The form that describes a run (set when a run is shown, so the form says what is on screen and any
 * change after it marks the results stale). Every feature of the dataset reads as the default (null).
 */
export function settingsOf(report: ElasticityReport, available: readonly string[]): TrainSettings {
  const all =
    report.controls.length === available.length && report.controls.every((c) => available.includes(c))
  return {
    models: MODEL_KINDS.filter((m) => trainedWith(report).models.includes(m)),
    seed: report.plan.seed,
    withinItems: report.plan.withinItems,
    validation: report.validation ?? report.plan.validation ?? null,
    features: all ? null : [...report.controls]
  }
}

/**
 * The form as the analyst left it on each dataset (this session): switching datasets and back restores it.
 * It is kept with the run it was edited beside, so a newer run of the dataset (which sets the form) wins.
 */
const remembered = new Map<string, { runId: number | null; settings: TrainSettings }>()

export function rememberForm(key: string, runId: number | null, settings: TrainSettings): void {
  remembered.set(key, { runId, settings })
}

/** The form left on a dataset beside the run now shown (null: none, or edited beside another run). */
export function rememberedForm(key: string, runId: number | null): TrainSettings | null {
  const m = remembered.get(key)
  return m && m.runId === runId ? m.settings : null
}
