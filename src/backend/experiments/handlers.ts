/** The A/B test calls: design (preview), save, list, export, analyze returned results. */
import type { ApiName } from '../../shared/api'
import type { Handler, HandlerContext, HandlerMap } from '../context'
import { saveExport } from '../exports'
import { NotFoundError } from '../project'
import { loadUnits, ExperimentError } from '../../core/experiments/units'
import { planExperiment, type ArmPriceFn, type ExperimentPlan } from '../../core/experiments/plan'
import type { ArmSpec, ExperimentDesign, PlanSummary } from '../../shared/experiments'
import {
  latestAnalysis,
  listExperiments,
  loadExperiment,
  planCsv,
  planSummaryCsv,
  saveAnalysis,
  saveExperiment
} from '../../core/experiments/store'
import { analyzeResults, readResultsFile, type AnalysisOptions } from '../../core/experiments/analyze'
import { analyzeSwitchback } from '../../core/experiments/switchback-analysis'
import { checkAgainstPlan } from '../../core/experiments/plan-check'
import { attachProjectData, plannedArms, plannedSize } from '../../core/experiments/plan-results'
import { findScenario, latestPricingRun, loadSettings } from '../../core/pricing/store'
import { pricingContext } from '../../core/pricing/run'
import { scenarioPrices } from '../../core/pricing/scenarios'
import { DEFAULT_SEED } from '../../shared/defaults'
import { effectModel } from './experiment-effects'
import { count, pct } from '../../shared/format/numbers'

type ExperimentCall = Extract<ApiName, `experiments:${string}`>

/** Prices of scenario and optimized arms, per course id, from the pricing pages' saved results. */
async function armPrices(ctx: HandlerContext, design: ExperimentDesign): Promise<ArmPriceFn> {
  const db = ctx.project().reader
  const table = new Map<string, Map<string, number>>()
  for (const a of design.arms) {
    if (a.change.kind === 'optimized') {
      const run = latestPricingRun(db)
      if (!run)
        throw new ExperimentError(
          `arm "${a.name}" uses the optimized prices: run the optimizer on the Pricing page first`
        )
      table.set(a.name, new Map(run.rows.map((r) => [r.item_id, r.recommended_price])))
    } else if (a.change.kind === 'scenario') {
      const spec = findScenario(db, a.change.name)
      if (!spec) throw new NotFoundError(`arm "${a.name}": no scenario named "${a.change.name}"`)
      if (spec.kind !== 'changes')
        throw new ExperimentError(`arm "${a.name}": scenario "${spec.name}" is not a set of price changes`)
      const p = await ctx.predictors.get(null, spec.model)
      const pc = pricingContext(
        db,
        { report: p.run, kind: p.kind, panel: p.panel, model: p.model },
        loadSettings(db).cost_share
      )
      const prices = scenarioPrices(pc.catalog, spec.changes)
      table.set(a.name, new Map(pc.catalog.items.map((it, i) => [it.id, prices[i]])))
    }
  }
  return (arm: ArmSpec, unit: string) => table.get(arm.name)?.get(unit) ?? null
}
/** The plan of a design on the project's data (exclusions default to the pricing guardrails' locked items). */
async function plan(ctx: HandlerContext, design: ExperimentDesign): Promise<ExperimentPlan> {
  const db = ctx.project().reader
  const exclude =
    design.units !== 'learners' && design.exclude.length === 0
      ? loadSettings(db).guardrails.locked
      : design.exclude
  const full = { ...design, exclude }
  return planExperiment(
    full,
    loadUnits(db, design.units, design.dataset, null, {
      unit: design.unit_column,
      cluster: design.cluster_by
    }),
    await armPrices(ctx, full),
    effectModel(db, full)
  )
}
/** A plan without its unit-by-unit assignments. */
const summary = ({ assignments: _a, ...rest }: ExperimentPlan): PlanSummary => rest
/** A saved experiment by name; refused when there is none. */
function saved(ctx: HandlerContext, name: string): NonNullable<ReturnType<typeof loadExperiment>> {
  const e = loadExperiment(ctx.project().reader, name)
  if (!e) throw new NotFoundError(`no experiment named "${name}"`)
  return e
} /** The plan a design would make, without saving it (a preview). */
export const designExperiment: Handler<'experiments:design'> = async ({ design }, ctx) =>
  summary(await plan(ctx, design))

/** Plans a design and saves it; an underpowered plan only when accepted. */
export const saveExperimentPlan: Handler<'experiments:save'> = async (
  { design, acceptUnderpowered },
  ctx
) => {
  const p = await plan(ctx, design)
  if (p.power.enough === false && !acceptUnderpowered)
    throw new ExperimentError(
      `too few units for the effect asked (${p.power.message}); lower the MDE to what the units can detect, or save it knowingly underpowered${
        p.cuped
          ? `. The analysis adjusts with pre-period revenue (CUPED): ${p.cuped.enough ? `then ${count(p.cuped.required_units)} units suffice` : `even then the smallest detectable change is ${pct(p.cuped.mde_achievable)}`}`
          : ''
      }`
    )
  await ctx.project().lockWrite((db) => saveExperiment(db, p, new Date().toISOString()))
  return summary(p)
}

/** A saved plan's assignments and summary as CSV, re-derived from its design (refused if the data changed). */
export const exportExperimentPlan: Handler<'experiments:export'> = async ({ name, bom }, ctx) => {
  // Re-derived from the saved design: the same seed and data give the same groups (the fingerprint checks the data).
  const e = saved(ctx, name)
  const p = await plan(ctx, e.design)
  if (p.fingerprint !== e.plan.fingerprint)
    throw new ExperimentError(
      `the data changed since "${name}" was planned (fingerprint ${e.plan.fingerprint} → ${p.fingerprint}): plan it again`
    )
  return {
    plan: saveExport(
      ctx.files,
      `${name}-experiment_plan.csv`,
      planCsv(p, bom ?? false),
      p.assignments.length
    ),
    summary: saveExport(ctx.files, `${name}-plan_summary.csv`, planSummaryCsv(p, bom ?? false), 0)
  }
}

export const experimentHandlers = {
  'experiments:design': designExperiment,
  'experiments:save': saveExperimentPlan,
  'experiments:list': async (_args, ctx) => listExperiments(ctx.project().reader),
  'experiments:get': async ({ name }, ctx) => ({
    plan: saved(ctx, name).plan,
    analysis: latestAnalysis(ctx.project().reader, name)
  }),
  'experiments:export': exportExperimentPlan,
  'experiments:analyze': async (
    { fileId, experiment, bootstrap, allowMismatch, sequential, carryover },
    ctx
  ) => {
    const f = ctx.files.get(fileId)
    const e = experiment ? saved(ctx, experiment) : null
    const arms = e ? e.design.arms.map((a) => a.name) : null
    const file = await readResultsFile(ctx.files.open(fileId), f.name, arms)
    const reader = ctx.project().reader
    // A switchback's arms alternate by period: its results are unit × period cells, analysed as such.
    const switchback = e?.design.schedule === 'switchback'
    if (switchback && file.rows.some((r) => !r.period))
      throw new ExperimentError(
        `${f.name}: "${e?.design.name}" is a switchback test: its results need one row per unit and period, with a "period" (or "week", "date") column`
      )
    // Rows must match the plan (or at least name each unit once); problems are left out, or refused above 1%.
    const { rows, check } = checkAgainstPlan(file.rows, e ? plannedArms(reader, e.design.name) : null, {
      file: f.name,
      columns: file.columns,
      allowMismatch: allowMismatch ?? false,
      perPeriod: switchback
    })
    if (e) attachProjectData(reader, e.design, e.plan, rows)
    const priceChange = e
      ? Object.fromEntries(
          e.design.arms.map((a) => [
            a.name,
            a.change.kind === 'pct' ? a.change.pct : a.change.kind === 'none' ? 0 : NaN
          ])
        )
      : null
    // Scenario and optimized arms change prices unit by unit: their mean change comes from the stored assignment.
    if (e && priceChange)
      for (const r of ctx
        .project()
        .reader.prepare<{ arm: string; pct: number | null }>(
          `SELECT a.arm, avg(a.assigned_price / c.token_price - 1) * 100 AS pct FROM experiment_assignments a
           JOIN courses c ON c.course_id = CAST(a.unit_id AS INTEGER) WHERE a.experiment = ? GROUP BY a.arm`
        )
        .all(e.design.name))
        if (Number.isNaN(priceChange[r.arm]) && r.pct !== null) priceChange[r.arm] = r.pct
    const options: AnalysisOptions = {
      arms: e ? e.design.arms.map((a) => ({ name: a.name, weight: a.weight })) : null,
      alpha: e?.design.alpha ?? 0.05,
      priceChange: priceChange
        ? Object.fromEntries(Object.entries(priceChange).filter(([, v]) => Number.isFinite(v)))
        : null,
      bootstrap: bootstrap ?? 0,
      seed: e?.design.seed ?? DEFAULT_SEED,
      cluster: rows.some((r) => r.cluster),
      planCheck: check,
      planned: e ? plannedSize(e.plan) : null,
      asOf: new Date().toISOString().slice(0, 10),
      // τ of the mixture: the effect the test was planned to detect (10% without a plan).
      sequential: sequential ? { tau_relative: e?.design.mde ?? 0.1 } : null
    }
    const analysis = switchback
      ? analyzeSwitchback(rows, options, carryover ?? 0)
      : analyzeResults(rows, options)
    await ctx
      .project()
      .lockWrite((db) => saveAnalysis(db, experiment ?? null, f.name, analysis, new Date().toISOString()))
    return { ...analysis, experiment: experiment ?? null, rows: file.rows.length }
  }
} satisfies HandlerMap<ExperimentCall>
