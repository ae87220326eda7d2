/** The project `pricelab serve` answers from: opened read-only, loaded in one snapshot, reloaded on a new run. */
import { costInputsOf } from '../../core/pricing/costs'
import { createHash } from 'node:crypto'
import { resolve } from 'node:path'
import type { Db } from '../../core/db/port'
import { DomainError } from '../../shared/domain-error'
import { planMigrations } from '../../core/db/migrate'
import { latestRun, loadModel, loadRun, staleReason } from '../../core/elasticity/registry'
import { unpackModel } from '../../core/elasticity/model-store'
import { restoreModel } from '../../core/elasticity/restore'
import {
  loadDatasetPanel,
  loadSamplePanel,
  SAMPLE_DATASET,
  selectControls
} from '../../core/elasticity/panel'
import type { ElasticityReport } from '../../shared/elasticity/results'
import { pricingContext, type PricingContext } from '../../core/pricing/run'
import { latestPricingRun } from '../../core/pricing/store'
import { DEFAULT_SETTINGS } from '../../shared/pricing/defaults'
import type { PricingRun, PricingSettings, PriceRow } from '../../shared/pricing'
import { demandForecaster, type DemandForecaster } from '../../core/pricing/demand-forecast'
import { latestPropensityRun } from '../../core/propensity/registry'
import { customerRunStale } from '../../core/propensity/customers/registry'
import { sampleVersion } from '../../core/data/sample/write'
import { assertProjectFile } from '../project-file'
import { openSqlite } from '../sqlite'
import type { Health, Propensity } from '../../shared/serve/contract'

/** What one load of the project holds: nothing here is read from the file again until the next load. */
export interface Served {
  loadedAt: string
  /** Highest run id of each run table when loaded: a change means a new run to reload. */
  stamp: string
  health: Omit<Health, 'status' | 'api_version' | 'version' | 'project' | 'reload' | 'loaded_at'>
  pricing: PricingRun | null
  /** The sheet's rows by item id. */
  sheetRows: Map<string, PriceRow>
  demand: {
    report: ElasticityReport
    model: string
    ctx: PricingContext
    forecast: DemandForecaster
    index: Map<string, number>
    settings: PricingSettings
  } | null
  learners: Map<string, Propensity>
  /** Customer runs by dataset (the latest run of each label), then by customer id. */
  customers: Map<string, Map<string, Propensity>>
  /** The dataset of the most recent customer run: the default of /v1/customers. */
  customerDefault: string | null
}

const sha = (...parts: (string | Uint8Array)[]) => {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return h.digest('hex')
}

/** A project opened for serving: its run stamp (cheap to poll), a fresh load, and close. */
export interface ServedProject {
  /** The highest run id of every run table: a change means a new run to load. */
  stamp(): string
  load(): Promise<Served>
  close(): void
}

/** Opens a project read-only after checking it is one (nothing is written: no WAL switch, no migration). */
export function openReadOnly(path: string): ServedProject {
  const db = openReadOnlyDb(path)
  return { stamp: () => runStamp(db), load: () => loadServed(db), close: () => db.close() }
}

function openReadOnlyDb(path: string): Db {
  const abs = resolve(path)
  try {
    assertProjectFile(abs)
  } catch (e) {
    const code = (e as { code?: string }).code
    throw new DomainError(
      'not_found',
      code === 'ENOENT' ? `--project: ${abs} does not exist` : `--project: ${(e as Error).message}`
    )
  }
  const db = openSqlite(abs, { readonly: true, mustExist: true })
  const plan = planMigrations(db)
  if (plan.pending.length) {
    db.close()
    throw new DomainError(
      'invalid_input',
      `--project: ${abs} was written by an older PriceLab (schema ${plan.from}, this one is ${plan.to}); open it once in PriceLab to upgrade it (serve never writes to a project)`
    )
  }
  return db
}

/** The highest run id of every run table and the data's versions, in one string: cheap enough to poll every second. */
function runStamp(db: Db): string {
  const max = (table: string) =>
    db.prepare<{ m: number | null }>(`SELECT max(run_id) AS m FROM ${table}`).get()?.m ?? 0
  const runs = ['pricing_runs', 'elasticity_runs', 'propensity_runs', 'customer_propensity_runs'].map(max)
  // The data's versions too: a regenerated sample or a replaced dataset makes its runs stale (then not served).
  const data = db
    .prepare<{ v: string | null }>("SELECT group_concat(name || ':' || version) AS v FROM datasets")
    .get()
  return [...runs, sampleVersion(db), data?.v ?? ''].join('/')
}

/** Loads everything the API answers from, in one read transaction (a consistent snapshot while the app writes). */
async function loadServed(db: Db): Promise<Served> {
  const snap = db.transaction(() => {
    const pricing = latestPricingRun(db)
    const inputs = loadDemandInputs(db, pricing)
    return {
      stamp: runStamp(db),
      pricing,
      pricingJson:
        db
          .prepare<{ j: string | Uint8Array }>(
            'SELECT result_json AS j FROM pricing_runs ORDER BY run_id DESC LIMIT 1'
          )
          .get()?.j ?? '',
      learners: loadLearners(db),
      customers: loadCustomers(db),
      inputs,
      demand: inputs ? demandContext(db, inputs, pricing) : null
    }
  })
  const demand = snap.demand && { ...snap.demand, forecast: await demandForecaster(snap.demand.ctx) }
  const p = snap.pricing
  const e = snap.inputs
  return {
    loadedAt: new Date().toISOString(),
    stamp: snap.stamp,
    pricing: p,
    sheetRows: new Map(p?.rows.map((r) => [r.item_id, r])),
    demand,
    learners: snap.learners.byId,
    customers: snap.customers.byDataset,
    customerDefault: snap.customers.latest,
    health: {
      served: {
        pricing_run: p
          ? {
              run_id: p.run_id as number,
              created_at: p.created_at,
              dataset: p.dataset,
              fingerprint: sha(snap.pricingJson),
              model: p.model,
              demand: p.demand
            }
          : null,
        elasticity_run: e
          ? {
              run_id: e.report.run_id as number,
              created_at: e.createdAt,
              dataset: e.report.dataset,
              fingerprint: e.fingerprint,
              model: e.kind
            }
          : null,
        propensity_run: snap.learners.ref,
        customer_runs: snap.customers.refs
      },
      items: demand?.index.size ?? 0,
      learners: snap.learners.byId.size,
      customers: [...snap.customers.byDataset.values()].reduce((s, m) => s + m.size, 0)
    }
  }
}

interface DemandInputs {
  report: ElasticityReport
  createdAt: string
  /** The model the sheet was priced with; null: the items' recent level (no model beats the item mean). */
  kind: string | null
  model: ReturnType<typeof restoreModel> | null
  panel: ReturnType<typeof loadSamplePanel>
  fingerprint: string
}

/** The elasticity run (and model) of the latest price sheet, else the latest run and its best model. */
function loadDemandInputs(db: Db, sheet: PricingRun | null): DemandInputs | null {
  const report = sheet ? loadRun(db, sheet.elasticity_run_id) : latestRun(db)
  // Demand from a run whose data was regenerated or replaced since is not served (retrain, then it is).
  if (!report?.run_id || staleReason(db, report)) return null
  const wanted = sheet ? sheet.model : report.best_model
  const kind = wanted && report.models.some((m) => m.name === wanted) ? wanted : null
  const row = db
    .prepare<{ report_json: string; created_at: string }>(
      'SELECT report_json, created_at FROM elasticity_runs WHERE run_id = ?'
    )
    .get(report.run_id)
  const body = kind
    ? db
        .prepare<{ model_json: unknown }>('SELECT model_json FROM models WHERE run_id = ? AND kind = ?')
        .get(report.run_id, kind)?.model_json
    : undefined
  const saved = kind ? loadModel(db, report.run_id, kind) : null
  if (kind && !saved)
    throw new DomainError(
      'not_found',
      `elasticity run ${report.run_id} has no stored ${kind} model (only the latest runs keep their models): retrain it in PriceLab`
    )
  const panel = selectControls(
    report.dataset === SAMPLE_DATASET ? loadSamplePanel(db) : loadDatasetPanel(db, report.dataset),
    report.controls
  )
  return {
    report,
    createdAt: row?.created_at ?? '',
    kind,
    model: saved ? restoreModel(saved) : null,
    panel,
    fingerprint: sha(row?.report_json ?? '', body === undefined ? '' : (unpackModel(body) ?? ''))
  }
}

/** The demand curve the sheet was priced on (its settings: causal or the model's own). */
function demandContext(
  db: Db,
  d: DemandInputs,
  sheet: PricingRun | null
): Omit<NonNullable<Served['demand']>, 'forecast'> {
  const settings = sheet?.settings ?? DEFAULT_SETTINGS
  const ctx = pricingContext(
    db,
    { report: d.report, kind: d.kind ?? 'recent_level', panel: d.panel, model: d.model },
    { ...costInputsOf(settings), strict: false },
    { demand: settings.demand }
  )
  return {
    report: d.report,
    model: d.kind ?? 'recent_level',
    ctx,
    index: new Map(ctx.catalog.items.map((it, i) => [it.id, i])),
    settings
  }
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4

/** Every learner's scores of the latest propensity run, with each score's top feature contributions. */
function loadLearners(db: Db): { byId: Map<string, Propensity>; ref: Health['served']['propensity_run'] } {
  const run = latestPropensityRun(db)
  const byId = new Map<string, Propensity>()
  // Scores of a sample regenerated since are not served (retrain, then they are).
  if (!run || run.stale) return { byId, ref: null }
  const rows = db
    .prepare<{ learner_id: number; target: string; score: number; segment: string; top_json: string | null }>(
      `SELECT s.learner_id, s.target, s.score, s.segment, c.top_json FROM learner_scores s
       LEFT JOIN learner_contributions c USING (run_id, learner_id, target)
       WHERE s.run_id = ? ORDER BY s.learner_id, s.target`
    )
    .all(run.run_id)
  const h = createHash('sha256')
  for (const r of rows) {
    h.update(`${r.learner_id}|${r.target}|${r.score}|${r.segment}\n`)
    const id = String(r.learner_id)
    let p = byId.get(id)
    if (!p)
      byId.set(
        id,
        (p = {
          id,
          kind: 'learner',
          run_id: run.run_id,
          dataset: null,
          scored_as_of: run.scored_as_of,
          scores: []
        })
      )
    const top = r.top_json
      ? (JSON.parse(r.top_json) as { feature: string; contribution: number; value: number }[])
      : []
    p.scores.push({
      target: r.target,
      score: r.score,
      segment: r.segment,
      reasons: top.map((t) => ({ feature: t.feature, value: t.value, contribution: round4(t.contribution) }))
    })
  }
  return {
    byId,
    ref: { run_id: run.run_id, created_at: run.created_at, dataset: null, fingerprint: h.digest('hex') }
  }
}

/** The latest customer-table run of every (dataset, label), each customer's score, band and top reasons. */
function loadCustomers(db: Db): {
  byDataset: Map<string, Map<string, Propensity>>
  refs: Health['served']['customer_runs']
  latest: string | null
} {
  const runs = db
    .prepare<{ run_id: number; dataset: string; label: string; report_json: string; created_at: string }>(
      `SELECT r.run_id, r.dataset, r.label, r.report_json, r.created_at FROM customer_propensity_runs r
       WHERE r.run_id = (SELECT max(run_id) FROM customer_propensity_runs x WHERE x.dataset = r.dataset AND x.label = r.label)
       ORDER BY r.run_id`
    )
    .all()
  const byDataset = new Map<string, Map<string, Propensity>>()
  const scores = db.prepare<{ customer_id: string; score: number; segment: string; top_json: string }>(
    'SELECT customer_id, score, segment, top_json FROM customer_scores WHERE run_id = ? ORDER BY row_no'
  )
  const refs: Health['served']['customer_runs'] = []
  let latest: string | null = null
  for (const run of runs) {
    // Scores of a dataset replaced since are not served (retrain, then they are).
    if (customerRunStale(db, run.run_id, run.report_json)) continue
    latest = run.dataset
    const asOf = (JSON.parse(run.report_json) as { scored_as_of?: string | null }).scored_as_of ?? null
    const ids = byDataset.get(run.dataset) ?? new Map<string, Propensity>()
    byDataset.set(run.dataset, ids)
    const h = createHash('sha256').update(run.report_json)
    for (const r of scores.all(run.run_id)) {
      h.update(`${r.customer_id}|${r.score}|${r.segment}\n`)
      let p = ids.get(r.customer_id)
      if (!p)
        ids.set(
          r.customer_id,
          (p = {
            id: r.customer_id,
            kind: 'customer',
            run_id: run.run_id,
            dataset: run.dataset,
            scored_as_of: asOf,
            scores: []
          })
        )
      const top = JSON.parse(r.top_json) as {
        feature: string
        contribution: number
        value: string | number | null
      }[]
      p.scores.push({
        target: run.label,
        score: r.score,
        segment: r.segment,
        reasons: top.map((t) => ({
          feature: t.feature,
          value: t.value,
          contribution: round4(t.contribution)
        }))
      })
    }
    refs.push({
      run_id: run.run_id,
      created_at: run.created_at,
      dataset: run.dataset,
      fingerprint: h.digest('hex'),
      label: run.label
    })
  }
  return { byDataset, refs, latest }
}
