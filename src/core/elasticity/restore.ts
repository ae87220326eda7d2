import { predictLinear } from '../ml/linear'
import { forestFromJson, predictForest } from '../ml/forest'
import { gbmFromJson, predictGbm } from '../ml/gbm'
import { linearDesign, treeDesign, type LinearEncoderState, type PriceTerms, type Variation } from './design'
import type { ModelKind } from './models'
import type { Panel } from './panel'

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
      return { kind: 'rf', predict: (p, r, v) => predictForest(m, treeDesign(p, r, v).X, r.length) }
    }
    case 'gbm': {
      const m = gbmFromJson(s.model as Parameters<typeof gbmFromJson>[0])
      return { kind: 'gbm', predict: (p, r, v) => predictGbm(m, treeDesign(p, r, v).X, r.length) }
    }
    default: {
      const m = s.model as { encoder: LinearEncoderState; terms: PriceTerms; beta: number[] }
      const beta = Float64Array.from(m.beta)
      return {
        kind: s.kind,
        predict: (p, r, v) => predictLinear(beta, linearDesign(p, r, m.encoder, m.terms, v).X, r.length)
      }
    }
  }
}
