import type { ElasticityReport } from '../../shared/elasticity/results'
import type { ModelKind } from '../../shared/elasticity'
import type { SavedModel } from '../../core/elasticity/formats'
import type { Panel } from '../../core/elasticity/panel'
import { latestRows } from '../../core/elasticity/predict'
import { restoreModel, type RestoredModel } from '../../core/elasticity/restore'
import { refuseUnseenSegments } from '../../core/elasticity/unseen-segments'
import { NotFoundError } from '../project'
import type { PricingDigest } from '../../core/pricing/digest'
import type { ItemBy } from '../../core/pricing/catalog'

interface Entry {
  run: ElasticityReport
  /** Loaded on first use: pricing reads the digest alone and never holds the panel. */
  panel: Promise<{ panel: Panel; latest: Map<string, number> }> | null
  /** Pricing's per-item digest, by item rule. */
  digests: Map<string, Promise<PricingDigest>>
  models: Map<ModelKind, RestoredModel>
}

export interface PredictorSources {
  /** Changes whenever the project is written: cached entries of an older version are dropped. */
  version(): string
  loadRun(runId: number | null): ElasticityReport | null
  loadPanel(run: ElasticityReport): Promise<Panel>
  /** Pricing's digest of the run's data (made where the data is read; only the digest comes back). */
  loadDigest(run: ElasticityReport, itemBy: ItemBy | undefined): Promise<PricingDigest>
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
    return { run: e.run, panel: (await this.panelOf(e)).panel }
  }

  /** The run and pricing's digest of its data for these items (`itemBy` absent: the dataset's own items). */
  async runAndDigest(
    runId: number | null,
    itemBy?: ItemBy
  ): Promise<{ run: ElasticityReport; digest: PricingDigest }> {
    const e = this.entry(runId)
    const key = JSON.stringify(itemBy ?? null)
    let digest = e.digests.get(key)
    if (!digest) {
      digest = this.src.loadDigest(e.run, itemBy)
      e.digests.set(key, digest)
      // A failed load is forgotten so the next call retries; its error reaches the caller.
      digest.catch(() => e.digests.delete(key))
    }
    return { run: e.run, digest: await digest }
  }

  async get(runId: number | null, kind: ModelKind | null) {
    // The model first: a run without it is refused before its data is read.
    const model = this.model(runId, kind)
    const { panel, latest } = await this.panelOf(this.entry(runId))
    refuseUnseenSegments(model.run, model.kind, panel, 'predict')
    return { ...model, panel, latest }
  }

  /** The saved run (null: the latest), without its data or models. */
  run(runId: number | null): ElasticityReport {
    return this.entry(runId).run
  }

  /** A run's restored model (kind null: its best), without its data. */
  model(runId: number | null, kind: ModelKind | null) {
    const e = this.entry(runId)
    const chosen = kind ?? e.run.best_model
    if (!chosen || !e.run.models.some((m) => m.name === chosen))
      throw new NotFoundError(`run ${e.run.run_id} has no ${chosen ?? 'best'} model`)
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
    return { runId: e.run.run_id as number, run: e.run, kind: chosen, model }
  }

  private panelOf(e: Entry): Promise<{ panel: Panel; latest: Map<string, number> }> {
    if (!e.panel) {
      const panel = this.src.loadPanel(e.run).then((p) => ({ panel: p, latest: latestRows(p) }))
      e.panel = panel
      // A failed load is forgotten so the next call retries; its error reaches the caller that awaits it.
      panel.catch(() => {
        if (e.panel === panel) e.panel = null
      })
    }
    return e.panel
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
      e = { run, panel: null, digests: new Map(), models: new Map() }
      this.runs.set(key, e)
    }
    return e
  }
}
