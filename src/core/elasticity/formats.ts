import { z } from 'zod'
import { checksFieldsOf, type SavedFormat } from '../db/saved-json'
import { MODEL_KINDS, type ModelKind } from '../../shared/elasticity'
import type { ElasticityReport } from '../../shared/elasticity/results'
import { crossCellSchema, crossOwnSchema } from '../../shared/elasticity/cross'

/** A model kind this PriceLab can restore; any other is refused by name, never guessed (e.g. as linear). */
export const modelKindSchema = z.enum(MODEL_KINDS, {
  error: (iss) =>
    `unknown model kind ${JSON.stringify(iss.input)} (this PriceLab restores ${MODEL_KINDS.join(', ')})`
})

/** A trained model's parameters (models.model_json): what restore.ts needs to predict. */
export interface SavedModel {
  kind: ModelKind
  hyperparameters?: Record<string, unknown>
  model: unknown
}

export const MODEL_FORMAT: SavedFormat<SavedModel> = {
  what: 'elasticity model',
  version: 1,
  schema: checksFieldsOf<SavedModel>(z.looseObject({ kind: modelKindSchema, model: z.looseObject({}) }))
}

/**
 * A run's report (elasticity_runs.report_json): the fields the registry, pricing and the pages rely on.
 * Version 2 (issue 24) adds the cross-price matrix (`cross_group`, `cross`, `cross_own`), checked
 * number by number; a version-1 run is read with none.
 */
export const REPORT_FORMAT: SavedFormat<ElasticityReport> = {
  what: 'elasticity run',
  version: 2,
  upgrade: {
    1: (old) => ({ cross_group: null, cross: [], cross_own: [], ...(old as object) })
  },
  schema: checksFieldsOf<ElasticityReport>(
    z.looseObject({
      run_id: z.number().nullable(),
      dataset: z.string(),
      dataset_version: z.number(),
      best_model: modelKindSchema.nullable(),
      models: z.array(z.looseObject({ name: modelKindSchema, cv_rmse: z.number().nullable().optional() })),
      segments: z.array(z.looseObject({})),
      warnings: z.array(z.string()),
      created_at: z.string(),
      cross_group: z.string().nullable(),
      cross: z.array(crossCellSchema),
      cross_own: z.array(crossOwnSchema)
    })
  )
}
