import { predictLinear } from '../ml/linear'
import { forestFromJson, predictForest } from '../ml/forest'
import { gbmFromJson, predictGbm } from '../ml/gbm'
import { linearDesign, treeDesign, type LinearEncoderState, type PriceTerms, type Variation } from './design'
import { MODEL_KINDS, type ModelKind } from '../../shared/elasticity'
import { withOffsets } from './models'
import { DomainError } from '../../shared/domain-error'
import type { Panel } from './panel'
import type { ItemOffsets } from './item-baseline'

/** A model brought back from the registry: enough to predict, nothing to retrain. */
export interface RestoredModel {
  kind: ModelKind
  predict(panel: Panel, rows: Uint32Array, v?: Variation): Float64Array
}

interface Serialized {
  kind: ModelKind
  model: unknown
}

export function restoreModel(s: Serialized): RestoredModel {
  switch (s.kind) {
    case 'rf': {
      const m = forestFromJson(s.model as Parameters<typeof forestFromJson>[0])
      const o = offsetsOf(s.model)
      const predict = withOffsets((p, r, v) => predictForest(m, treeDesign(p, r, v, !!o).X, r.length), o)
      return { kind: 'rf', predict }
    }
    case 'gbm': {
      const m = gbmFromJson(s.model as Parameters<typeof gbmFromJson>[0])
      const o = offsetsOf(s.model)
      const predict = withOffsets((p, r, v) => predictGbm(m, treeDesign(p, r, v, !!o).X, r.length), o)
      return { kind: 'gbm', predict }
    }
    case 'ols':
    case 'gam':
    case 'poly2':
    case 'poly3': {
      const m = s.model as { encoder: LinearEncoderState; terms: PriceTerms; beta: number[] }
      if (!Array.isArray(m.beta) || !m.beta.every((b) => typeof b === 'number' && Number.isFinite(b)))
        throw new DomainError(
          'invalid_input',
          `the saved ${s.kind} model is damaged: its coefficients are not all finite numbers; train the elasticity run again`
        )
      const beta = Float64Array.from(m.beta)
      return {
        kind: s.kind,
        predict: withOffsets((p, r, v) => {
          const d = linearDesign(p, r, m.encoder, m.terms, v)
          // A body cut or padded by hand would multiply the wrong columns: refused, never priced.
          if (beta.length !== d.p)
            throw new DomainError(
              'invalid_input',
              `the saved ${s.kind} model is damaged: it has ${beta.length} coefficients where its design has ${d.p}; train the elasticity run again`
            )
          return predictLinear(beta, d.X, r.length)
        }, offsetsOf(s.model))
      }
    }
    default:
      // A kind this build does not know (a newer PriceLab's, or a damaged row): refused, never guessed as linear.
      throw new DomainError(
        'invalid_input',
        `the saved model has unknown kind ${JSON.stringify((s as { kind: unknown }).kind)}: this PriceLab restores ${MODEL_KINDS.join(', ')}`
      )
  }
}

/** Models saved with an item baseline carry their per-item offsets; older ones have none. */
function offsetsOf(model: unknown): ItemOffsets | null {
  const o = (model as { itemOffsets?: ItemOffsets | null } | null)?.itemOffsets
  return o ?? null
}
