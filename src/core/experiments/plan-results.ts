import type { Db } from '../db/port'
import { samePeriodKind, type PeriodBound } from './periods'
import type { PlannedSize } from './analyze'
import type { ExperimentDesign, PlanSummary } from '../../shared/experiments'
import type { ResultRow } from './results-file'
import { ExperimentError, loadUnits } from './units'

/** The saved plan's unit → arm (holdout included, so a holdout unit reported in an arm is caught). */
export function plannedArms(db: Db, experiment: string): Map<string, string> {
  return new Map(
    db
      .prepare<{ unit_id: string; arm: string }>(
        'SELECT unit_id, arm FROM experiment_assignments WHERE experiment = ?'
      )
      .all(experiment)
      .map((r) => [r.unit_id, r.arm])
  )
}

/** Units per arm the test needed (the power plan's, capped at what the arm was given), and its days. */
export function plannedSize(plan: PlanSummary): PlannedSize {
  const d = plan.design
  const need = (arm: string, k: number) => {
    const req = k === 0 ? plan.power.control_units : plan.power.treatment_units
    const given = plan.arms[arm] ?? 0
    return req === null ? given : Math.min(req, given)
  }
  return {
    units: Object.fromEntries(d.arms.map((a, k) => [a.name, need(a.name, k)])),
    days: plan.duration.days,
    start_date: d.start_date
  }
}

/**
 * What the project knows about the units beyond the results file: the teacher a course
 * was randomized with (clustered plans), and each unit's revenue per period before the
 * test, the CUPED covariate. The pre-period ends at the planned start date, or after the
 * data the plan was made from. Returns what was added, for the analysis to say.
 */
export function attachProjectData(
  db: Db,
  design: ExperimentDesign,
  plan: PlanSummary,
  rows: ResultRow[]
): { clusters: boolean; pre: boolean } {
  let clusters = false
  if (design.cluster && design.units === 'courses') {
    const teacher = new Map(
      db
        .prepare<{ id: string; t: number }>(
          'SELECT CAST(course_id AS TEXT) AS id, teacher_id AS t FROM courses'
        )
        .all()
        .map((r) => [r.id, String(r.t)])
    )
    for (const r of rows)
      if (!r.cluster && teacher.has(r.unit)) {
        r.cluster = teacher.get(r.unit) as string
        clusters = true
      }
  }
  if (design.units === 'items' && design.cluster_by && design.dataset) {
    // Whole clusters (stores) were randomized: the analysis runs at that level.
    const u = loadUnits(db, 'items', design.dataset, null, {
      unit: design.unit_column,
      cluster: design.cluster_by
    })
    const of = new Map(u.ids.map((id, i) => [id, u.clusters[i]]))
    for (const r of rows) {
      const c = of.get(r.unit)
      if (!r.cluster && c) {
        r.cluster = c
        clusters = true
      }
    }
  }
  let pre = false
  if (design.units !== 'learners' && rows.some((r) => r.pre === null || r.pre === undefined)) {
    try {
      const u = loadUnits(db, design.units, design.dataset, preBound(design.start_date, plan.as_of), {
        unit: design.unit_column ?? null,
        cluster: null
      })
      const revenue = new Map(u.ids.map((id, i) => [id, u.revenue[i]]))
      for (const r of rows)
        if ((r.pre === null || r.pre === undefined) && revenue.has(r.unit)) {
          r.pre = revenue.get(r.unit) as number
          pre = true
        }
    } catch (e) {
      // No usable pre-period (data removed since the plan): the analysis runs without CUPED.
      if (!(e instanceof ExperimentError)) throw e
    }
  }
  return { clusters, pre }
}

/**
 * The pre-period: before the planned start date when the data's periods are dates, else (week
 * numbers, or no start date) up to and including the last period the plan was made from.
 */
export function preBound(startDate: string | null, asOf: string): PeriodBound {
  return startDate && samePeriodKind(startDate, asOf) ? { before: startDate } : { through: asOf }
}
