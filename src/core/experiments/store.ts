import { strataLabel } from './strata-label'
import type { Db } from '../db/port'
import { csvDocument, csvRecords, fixedDecimal, type FixedDecimal } from '../data/csv/writer'
import type { Analysis, ExperimentListing, PlanSummary, ExperimentDesign } from '../../shared/experiments'
import type { ExperimentPlan } from './plan'
import { readJson, readListed, saveJson } from '../db/saved-json'
import { ANALYSIS_FORMAT, DESIGN_FORMAT, PLAN_FORMAT } from './formats'
import { designLabel } from './vocabulary'

export function saveExperiment(db: Db, plan: ExperimentPlan, now: string): void {
  db.transaction(() => {
    const { assignments, ...summary } = plan
    db.prepare('DELETE FROM experiments WHERE name = ?').run(plan.name)
    db.prepare('INSERT INTO experiments (name, design_json, plan_json, created_at) VALUES (?, ?, ?, ?)').run(
      plan.name,
      saveJson(DESIGN_FORMAT, plan.design),
      saveJson(PLAN_FORMAT, summary),
      now
    )
    const ins = db.prepare(
      'INSERT INTO experiment_assignments (experiment, unit_id, arm, stratum, assigned_price) VALUES (?, ?, ?, ?, ?)'
    )
    for (const a of assignments) ins.run(plan.name, a.unit_id, a.arm, a.stratum, a.assigned_price)
  })
}

export function listExperiments(db: Db): ExperimentListing[] {
  return db
    .prepare<{ name: string; plan_json: string; created_at: string }>(
      'SELECT name, plan_json, created_at FROM experiments ORDER BY created_at DESC'
    )
    .all()
    .map((r) => {
      const p = readListed(PLAN_FORMAT, r.plan_json)
      if ('damaged' in p)
        return {
          name: r.name,
          created_at: r.created_at,
          units: 0,
          arms: {},
          dataset: null,
          damaged: p.damaged
        }
      return {
        name: r.name,
        created_at: r.created_at,
        units: p.value.units,
        arms: p.value.arms,
        dataset: p.value.design.dataset ?? null
      }
    })
}

export function loadExperiment(db: Db, name: string): { design: ExperimentDesign; plan: PlanSummary } | null {
  const r = db
    .prepare<{ design_json: string; plan_json: string }>(
      'SELECT design_json, plan_json FROM experiments WHERE name = ?'
    )
    .get(name)
  return r
    ? { design: readJson(DESIGN_FORMAT, r.design_json), plan: readJson(PLAN_FORMAT, r.plan_json) }
    : null
}

export function saveAnalysis(
  db: Db,
  experiment: string | null,
  file: string,
  a: Analysis,
  now: string
): number {
  return Number(
    db
      .prepare(
        'INSERT INTO experiment_analyses (experiment, results_file, analysis_json, created_at) VALUES (?, ?, ?, ?)'
      )
      .run(experiment, file, saveJson(ANALYSIS_FORMAT, a), now).lastInsertRowid
  )
}

export const PLAN_COLUMNS = [
  'unit_id',
  'arm',
  'stratum',
  'cluster',
  'current_price',
  'assigned_price',
  'price_change_pct'
] as const

/** experiment_plan.csv: one row per unit, Excel-safe, numbers exact. */
export function planCsv(plan: ExperimentPlan, bom: boolean): string {
  return csvRecords(PLAN_COLUMNS, plan.assignments, bom)
}

/** The plan summary: everything needed to re-derive and judge the assignment, as key,value rows. */
export function planSummaryCsv(plan: ExperimentPlan, bom: boolean): string {
  const d = plan.design
  // Shares to four decimals, the SMD to three: what the page shows, not 17-digit floats.
  const r4 = (x: number | null | undefined) => (x === null || x === undefined ? null : fixedDecimal(x, 4))
  const rows: [string, string | number | FixedDecimal | null][] = [
    ['experiment', plan.name],
    ['algorithm', plan.algorithm],
    ['seed', plan.seed],
    ['units', plan.unit_noun?.many ?? d.units],
    ...(d.units === 'items' ? [['dataset', d.dataset] as [string, string | null]] : []),
    ['design', plan.design_label ?? designLabel(d)],
    ['metric', d.metric],
    ['alpha', d.alpha],
    ['power', d.power],
    ['mde', d.mde],
    ['mde_achievable', r4(plan.power.mde_achievable)],
    ['required_units', plan.power.required_units],
    ['units_in_test', plan.units],
    ['holdout_share', d.holdout],
    ['holdout_units', plan.holdout_units],
    ['excluded_units', plan.excluded_units],
    // In the dataset's words ("brand"), not the design's identifier ('category' is the EdTech sample's).
    ['stratify', plan.stratified_by ?? strataLabel(d.stratify, d.units)],
    ['cluster', d.units === 'items' ? (d.cluster_by ?? 'none') : d.cluster ? 'teacher' : 'none'],
    ['clusters_in_test', plan.clusters ?? null],
    ['min_price_change', plan.treatment ? plan.treatment.min_change : null],
    ['left_out_units', plan.treatment ? plan.treatment.left_out_units : null],
    ...(plan.treatment?.arms ?? []).map((a): [string, FixedDecimal | null] => [
      `expected_effect:${a.arm}`,
      r4(a.expected_effect)
    ]),
    ...(plan.treatment?.flags ?? []).map((f, k): [string, string] => [`flag:${k + 1}`, f]),
    ['start_date', d.start_date],
    ['duration_weeks', plan.duration.weeks],
    ['duration_days', plan.duration.days],
    ['data_as_of', plan.as_of],
    ['input_fingerprint', plan.fingerprint],
    ['max_abs_smd', fixedDecimal(plan.max_abs_smd, 3)],
    ...d.arms.map((a): [string, string] => [
      `arm:${a.name}`,
      `weight ${a.weight}; ${a.change.kind === 'none' ? "today's prices" : a.change.kind === 'pct' ? `${a.change.pct}%` : a.change.kind === 'scenario' ? `scenario ${a.change.name}` : 'optimized prices'}; ${plan.arms[a.name] ?? 0} units`
    ]),
    ...d.pinned.map((p): [string, string] => [`pinned:${p.unit}`, p.arm]),
    ['cuped_variance_reduction', r4(plan.cuped?.variance_reduction)],
    ['cuped_required_units', plan.cuped?.required_units ?? null],
    ['cuped_mde_achievable', r4(plan.cuped?.mde_achievable)]
  ]
  return csvDocument(['key', 'value'], rows, bom)
}

export function latestAnalysis(db: Db, experiment: string): Analysis | null {
  const r = db
    .prepare<{ analysis_json: string }>(
      'SELECT analysis_json FROM experiment_analyses WHERE experiment = ? ORDER BY analysis_id DESC LIMIT 1'
    )
    .get(experiment)
  return r ? readJson(ANALYSIS_FORMAT, r.analysis_json) : null
}
