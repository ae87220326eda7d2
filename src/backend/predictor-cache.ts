import type { ElasticityReport } from '../core/elasticity/report'
import type { ModelKind } from '../core/elasticity/models'
import type { Panel } from '../core/elasticity/panel'
import { latestRows } from '../core/elasticity/predict'
import { restoreModel, type RestoredModel } from '../core/elasticity/restore'

interface Entry {
  panel: Panel
  latest: Map<string, number>
  models: Map<ModelKind, RestoredModel>
}

/**
 * Keeps the panel of the last run asked about and its restored models, so a
 * prediction call costs a model evaluation, not a data load. The panel is loaded
 * in a worker (it takes ~0.5 s), keeping the main thread free.
 */
export class PredictorCache {
  private key = ''
  private entry: Promise<Entry> | null = null

  constructor(
    private readonly version: () => string,
    private readonly loadPanel: (run: ElasticityReport) => Promise<Panel>,
    private readonly loadModel: (runId: number, kind: ModelKind) => unknown
  ) {}

  async get(
    run: ElasticityReport,
    kind: ModelKind
  ): Promise<{ panel: Panel; latest: Map<string, number>; model: RestoredModel }> {
    const key = `${this.version()}#${run.run_id}`
    if (key !== this.key || !this.entry) {
      this.key = key
      this.entry = this.loadPanel(run).then((panel) => ({
        panel,
        latest: latestRows(panel),
        models: new Map()
      }))
      this.entry.catch(() => {
        this.entry = null
      })
    }
    const e = await this.entry
    let model = e.models.get(kind)
    if (!model) {
      const stored = this.loadModel(run.run_id as number, kind) as { kind: ModelKind; model: unknown } | null
      if (!stored) throw new Error(`run ${run.run_id} has no stored ${kind} model`)
      model = restoreModel(stored)
      e.models.set(kind, model)
    }
    return { panel: e.panel, latest: e.latest, model }
  }
}
