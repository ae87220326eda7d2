import type { Db } from '../db/port'
import { readJson, saveJson, survivesJson } from '../db/saved-json'
import { PRICING_RUN_FORMAT, SCENARIO_FORMAT, SETTINGS_FORMAT } from './formats'
import { readRunBody } from './run-body'
import type { PricingRun, PricingSettings, SavedScenario, ScenarioSpec } from '../../shared/pricing'
import { DEFAULT_GUARDRAILS, DEFAULT_SETTINGS, DEFAULT_STRATEGIES } from '../../shared/pricing/defaults'

/** The key of the settings saved without a dataset (the CLI's, and every project before issue 28). */
const SHARED_SETTINGS = 'pricing_settings'
/** Each dataset keeps its own guardrails, costs and objective: one set no longer applies to every dataset. */
const settingsKey = (dataset: string | null | undefined) =>
  dataset ? `${SHARED_SETTINGS}:${dataset}` : SHARED_SETTINGS

function readMeta(db: Db, key: string): string | null {
  const row = db.prepare<{ value: string }>('SELECT value FROM project_meta WHERE key = ?').get(key)
  return row?.value ?? null
}

/** The dataset a pricing run priced (through its elasticity run), or null for a run without one. */
function datasetOfLatestRun(db: Db): string | null {
  const row = db
    .prepare<{ dataset: string }>(
      `SELECT e.dataset FROM pricing_runs p JOIN elasticity_runs e ON e.run_id = p.elasticity_run_id
       ORDER BY p.run_id DESC LIMIT 1`
    )
    .get()
  return row?.dataset ?? null
}

/**
 * A dataset's saved settings, or the defaults when it has none. Settings saved before they were kept per
 * dataset belong to the dataset of the latest pricing run (the optimization that saved them), never to another.
 */
export function loadSettings(db: Db, dataset?: string | null): PricingSettings {
  const value =
    readMeta(db, settingsKey(dataset)) ??
    (dataset && datasetOfLatestRun(db) === dataset ? readMeta(db, SHARED_SETTINGS) : null)
  if (value === null) return DEFAULT_SETTINGS
  const saved = readJson(SETTINGS_FORMAT, value)
  // Settings saved by an older version lack newer fields: the defaults fill them.
  return {
    ...DEFAULT_SETTINGS,
    ...saved,
    guardrails: { ...DEFAULT_GUARDRAILS, ...saved.guardrails },
    strategies: { ...DEFAULT_STRATEGIES, ...saved.strategies }
  }
}

/** Saves the settings of a dataset (without one: the shared settings the CLI's `--settings saved` reads). */
export function saveSettings(db: Db, s: PricingSettings, dataset?: string | null): void {
  db.prepare('INSERT OR REPLACE INTO project_meta (key, value) VALUES (?, ?)').run(
    settingsKey(dataset),
    saveJson(SETTINGS_FORMAT, s)
  )
}

/**
 * Saves a run with its body already packed (`runBodyHeader` + the deflated JSON of `runBodyValue`, made off
 * the write transaction: backend/pricing/run-body-pack.ts): one small insert. Returns the run's id.
 */
export function savePricingRun(db: Db, run: PricingRun, body: Uint8Array): number {
  const r = db
    .prepare(
      'INSERT INTO pricing_runs (elasticity_run_id, model, options_json, result_json, created_at) VALUES (?, ?, ?, ?, ?)'
    )
    .run(run.elasticity_run_id, run.model, JSON.stringify(run.settings), body, run.created_at)
  return Number(r.lastInsertRowid)
}

/**
 * A run as `pricingRunById` would read it back once saved, without the read (a 100k-item run is ~90 MB
 * of JSON: seconds to parse and check): the run itself where saving and reading would give the same
 * value (`survivesJson`) and the saved format's checks pass; null where they would not (read it back).
 */
export function runAsSaved(run: PricingRun): PricingRun | null {
  if (!survivesJson(run)) return null
  // The format's checks, rows apart: each row is checked for what the schema asks of it (its item id).
  if (!PRICING_RUN_FORMAT.schema.safeParse({ ...run, rows: [] }).success) return null
  return run.rows.every((r) => typeof r.item_id === 'string') ? run : null
}

/** The latest pricing run of the project, or of one dataset (the sheet the Pricing page restores for it). */
export function latestPricingRun(db: Db, dataset?: string | null): PricingRun | null {
  const row = dataset
    ? db
        .prepare<{ run_id: number; result_json: unknown }>(
          `SELECT p.run_id, p.result_json FROM pricing_runs p JOIN elasticity_runs e ON e.run_id = p.elasticity_run_id
           WHERE e.dataset = ? ORDER BY p.run_id DESC LIMIT 1`
        )
        .get(dataset)
    : db
        .prepare<{ run_id: number; result_json: unknown }>(
          'SELECT run_id, result_json FROM pricing_runs ORDER BY run_id DESC LIMIT 1'
        )
        .get()
  return row ? readRunBody(row.result_json, row.run_id) : null
}

/** One saved pricing run, or null when there is no run with that id. */
export function pricingRunById(db: Db, runId: number): PricingRun | null {
  const row = db
    .prepare<{ result_json: unknown }>('SELECT result_json FROM pricing_runs WHERE run_id = ?')
    .get(runId)
  return row ? readRunBody(row.result_json, runId) : null
}

export function listScenarios(db: Db): SavedScenario[] {
  return db
    .prepare<{ spec_json: string; updated_at: string }>(
      'SELECT spec_json, updated_at FROM pricing_scenarios ORDER BY name'
    )
    .all()
    .map((r) => ({ ...readJson(SCENARIO_FORMAT, r.spec_json), updated_at: r.updated_at }))
}

export function findScenario(db: Db, name: string): ScenarioSpec | null {
  const r = db
    .prepare<{ spec_json: string }>('SELECT spec_json FROM pricing_scenarios WHERE name = ?')
    .get(name)
  return r ? readJson(SCENARIO_FORMAT, r.spec_json) : null
}

export function saveScenario(db: Db, spec: ScenarioSpec, now: string): void {
  db.prepare(
    `INSERT INTO pricing_scenarios (name, spec_json, created_at, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET spec_json = excluded.spec_json, updated_at = excluded.updated_at`
  ).run(spec.name, saveJson(SCENARIO_FORMAT, spec), now, now)
}

export function deleteScenario(db: Db, name: string): boolean {
  return db.prepare('DELETE FROM pricing_scenarios WHERE name = ?').run(name).changes > 0
}
