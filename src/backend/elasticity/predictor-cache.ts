import type { ElasticityReport } from '../../shared/elasticity/results'
import type { ModelKind } from '../../shared/elasticity'
import type { SavedModel } from '../../core/elasticity/formats'
import type { Panel } from '../../core/elasticity/panel'
import { latestRows } from '../../core/elasticity/predict'
import { restoreModel, type RestoredModel } from '../../core/elasticity/restore'
import { NotFoundError } from '../project'

interface Entry {
  run: ElasticityReport
  panel: Promise<{ panel: Panel; latest: Map<string, number> }>
  models: Map<ModelKind, RestoredModel>
}

export interface PredictorSources {
  /** Changes whenever the project is written: cached entries of an older version are dropped. */
  version(): string
  loadRun(runId: number | null): ElasticityReport | null
  loadPanel(run: ElasticityReport): Promise<Panel>
  loadModel(runId: number, kind: ModelKind): SavedModel | null
}

/**
 * Keeps runs, their panels and restored models warm, so a prediction call costs a
 * model evaluation, not a report parse or a data load. The panel is loaded in a
 * worker (~0.5 s), keeping the main thread free.
 */
export class PredictorCache {
  private version = ''
  private readonly runs = new Map<string, Entry>()

  constructor(private readonly src: PredictorSources) {}

  /** The run and its panel only (no model): pricing on the items' recent levels when no model predicts. */
  async runAndPanel(runId: number | null): Promise<{ run: ElasticityReport; panel: Panel }> {
    const e = this.entry(runId)
    return { run: e.run, panel: (await e.panel).panel }
  }

  async get(runId: number | null, kind: ModelKind | null) {
    const e = this.entry(runId)
    const chosen = kind ?? e.run.best_model
    if (!chosen || !e.run.models.some((m) => m.name === chosen))
      throw new NotFoundError(`run ${e.run.run_id} has no ${chosen ?? 'best'} model`)
    const { panel, latest } = await e.panel
    let model = e.models.get(chosen)
    if (!model) {
      const stored = this.src.loadModel(e.run.run_id as number, chosen)
      if (!stored)
        throw new NotFoundError(
          `run ${e.run.run_id} has no stored ${chosen} model (only the latest runs keep their models, to keep the project small): retrain on the Elasticity page`
        )
      model = restoreModel(stored)
      e.models.set(chosen, model)
    }
    return { runId: e.run.run_id as number, run: e.run, kind: chosen, panel, latest, model }
  }

  private entry(runId: number | null): Entry {
    const v = this.src.version()
    if (v !== this.version) {
      this.version = v
      this.runs.clear()
    }
    const key = String(runId ?? 'latest')
    let e = this.runs.get(key)
    if (!e) {
      const run = this.src.loadRun(runId)
      if (!run?.run_id)
        throw new NotFoundError(
          runId
            ? `no elasticity run ${runId}`
            : 'no trained model yet: train the models on the Elasticity page first'
        )
      const panel = this.src.loadPanel(run).then((p) => ({ panel: p, latest: latestRows(p) }))
      e = { run, panel, models: new Map() }
      this.runs.set(key, e)
      // A failed load is forgotten so the next call retries; its error reaches the caller that awaits `panel`.
      panel.catch(() => this.runs.delete(key))
    }
    return e
  }
}
