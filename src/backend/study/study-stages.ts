import { DomainError } from '../../shared/domain-error'
import type { StudyConfig } from '../../shared/api'
import type { HandlerContext } from '../context'
import { currentProject } from '../project/handlers'
import { dataTables, generateData, tableSummary } from '../data/handlers'
import { elasticitySources, trainElasticity } from '../elasticity/handlers'
import { trainPropensity } from '../propensity/handlers'
import { optimizePricing, pricingSettings, readCosts } from '../pricing/handlers'
import { readFileSync } from 'node:fs'
import { designExperiment, saveExperimentPlan } from '../experiments/handlers'
import { callService } from './service-call'
import { summarizePropensity, type StudyReport } from '../../core/pipeline/study'
import type { Stage } from '../../shared/study'
import { DEFAULT_DESIGN, type ExperimentDesign } from '../../shared/experiments'
import { SAMPLE_DATASET } from '../../core/elasticity/panel'
import { count, fixed, signedPct } from '../../shared/format/numbers'

/** What a stage reads and fills: the services' context, the study's config, the report so far. */
export interface StageContext {
  ctx: HandlerContext
  config: StudyConfig
  report: StudyReport
  /** The sub-job id a stage's own call reports progress and cancels under. */
  sub: (s: Stage) => string
}

/** A stage's work: fills its part of the report; returns the one-line message of its record. */
export type StageWork = (c: StageContext) => Promise<string | null>

/** The dataset a study analyses: the config's, else the first priceable one (null: none yet). */
async function analysedDataset(ctx: HandlerContext, config: StudyConfig): Promise<string | null> {
  if (config.elasticity.dataset) return config.elasticity.dataset
  return (await callService(ctx, 'elasticity:sources', {}, elasticitySources))[0]?.id ?? null
}

/**
 * The data stage: generate the sample if asked, then the analysed dataset's tables and the columns
 * that miss values. An analyst's study is about its dataset only: the EdTech sample's seed tables
 * appear only when the sample is what it analyses, another dataset's table only when it is that one.
 */
const data: StageWork = async ({ ctx, config, report, sub }) => {
  if (config.generate)
    await callService(ctx, 'data:generate', { jobId: sub('data'), ...config.generate }, generateData)
  const analysed = await analysedDataset(ctx, config)
  const all = await callService(ctx, 'data:tables', {}, dataTables)
  const sampleStudy = analysed === null || analysed === SAMPLE_DATASET
  const tables = all.filter((t) => (sampleStudy ? !t.dataset : t.dataset === analysed))
  const missing: NonNullable<StudyReport['data']>['missing'] = []
  for (const t of tables.filter((x) => x.rows > 0)) {
    const s = await callService(ctx, 'data:summary', { table: t.name }, tableSummary)
    for (const c of s.columns)
      if (c.missing > 0)
        missing.push({
          table: t.dataset ?? t.name,
          column: c.name,
          type: c.type,
          missing: c.missing,
          share: c.missing / Math.max(1, c.count + c.missing)
        })
  }
  report.data = {
    tables: tables.map((t) => ({
      name: t.name,
      kind: t.kind,
      rows: t.rows,
      columns: t.columns.length,
      dataset: t.dataset
    })),
    missing,
    sample: sampleStudy
      ? ((await callService(ctx, 'project:current', {}, currentProject))?.sample ?? null)
      : null
  }
  const gaps = `${missing.length} ${missing.length === 1 ? 'column' : 'columns'} with missing values`
  if (!sampleStudy) {
    const rows = tables[0]?.rows ?? 0
    return `${analysed}: ${count(rows)} rows, ${gaps}`
  }
  // The sample's empty tables are not counted: the report's Data section does not list them either.
  const filled = tables.filter((x) => x.rows > 0).length
  return `${filled} sample ${filled === 1 ? 'table' : 'tables'} with data, ${gaps}`
}

/** The features stage: the dataset the models train on (the config's, else the first priceable one). */
const features: StageWork = async ({ ctx, config, report }) => {
  const sources = await callService(ctx, 'elasticity:sources', {}, elasticitySources)
  const src = config.elasticity.dataset ? sources.find((s) => s.id === config.elasticity.dataset) : sources[0]
  if (!src)
    throw new DomainError(
      'not_found',
      config.elasticity.dataset
        ? `no dataset "${config.elasticity.dataset}" with price and quantity roles`
        : 'no data to model: generate the sample data or import a dataset'
    )
  report.features = {
    dataset: src.id,
    label: src.label,
    rows: src.rows,
    segment: src.segment,
    controls: src.controls
  }
  return `${src.label}: ${count(src.rows)} rows`
}

const elasticity: StageWork = async ({ ctx, config, report, sub }) => {
  const e = await callService(
    ctx,
    'elasticity:train',
    {
      jobId: sub('elasticity'),
      dataset: report.features?.dataset,
      models: config.elasticity.models,
      seed: config.elasticity.seed,
      folds: config.elasticity.folds
    },
    trainElasticity
  )
  report.elasticity = { ...e, models: e.models.map(({ sample: _s, curves: _c, ...m }) => m) }
  return elasticityMessage(e)
}

/**
 * The elasticity stage's one line. Pricing needs the recommended elasticity, not a model that
 * beats the baseline: with no best model the study goes on and says so. Only a run with no
 * recommended elasticity in any segment stops it, and then with every reason the run gave.
 */
export function elasticityMessage(e: {
  run_id?: number | null
  best_model: string | null
  recommended_model?: string | null
  segments: { recommended?: number | null }[]
  failed: { name: string; error: string }[]
  warnings: string[]
}): string {
  const usable = e.segments.some((s) => s.recommended !== null && s.recommended !== undefined)
  const source = e.recommended_model ?? 'none'
  if (e.best_model) return `best ${e.best_model}, recommended elasticity from ${source} (run ${e.run_id})`
  if (usable)
    return `no model predicts better than the baseline; the study goes on with the recommended elasticity from ${source} (run ${e.run_id})`
  const reasons = [...e.failed.map((f) => `${f.name}: ${f.error}`), ...e.warnings].filter((x) => x.trim())
  throw new DomainError(
    'invalid_input',
    `no recommended elasticity in any segment: ${reasons.join('; ') || 'no model trained and no debiased estimate'}`
  )
}

const propensity: StageWork = async ({ ctx, config, report, sub }) => {
  const p = config.propensity
  if (!p) return null
  const run = await callService(
    ctx,
    'propensity:train',
    {
      jobId: sub('propensity'),
      targets: p.targets,
      cutoff: p.cutoff ?? undefined,
      seed: p.seed
    },
    trainPropensity
  )
  report.propensity = summarizePropensity(run)
  return report.propensity.targets.map((t) => `${t.target} AUC ${fixed(t.auc, 2)}`).join(', ')
}

/** The study config's cost table, read as the Pricing page and `optimize --costs` read one. */
async function studyCosts(ctx: HandlerContext, path: string, dataset: string | undefined) {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new DomainError(
      'invalid_input',
      `pricing.costs: cannot read the cost table ${path} (${(e as Error).message})`,
      [{ path: ['pricing', 'costs'], message: `cannot read ${path}` }]
    )
  }
  return callService(ctx, 'pricing:readCosts', { file: path, text, dataset }, readCosts)
}

const pricing: StageWork = async ({ ctx, config, report }) => {
  const base =
    config.pricing.settings ??
    (await callService(ctx, 'pricing:settings', { dataset: report.elasticity?.dataset }, pricingSettings))
  const dataset = report.elasticity?.dataset ?? config.elasticity.dataset ?? undefined
  const settings = config.pricing.costs
    ? { ...base, item_costs: await studyCosts(ctx, config.pricing.costs, dataset) }
    : base
  const run = await callService(
    ctx,
    'pricing:optimize',
    {
      runId: report.elasticity?.run_id ?? undefined,
      model: config.pricing.model ?? undefined,
      settings,
      // The study's own settings (and cost table) apply to the study only; the Pricing page's saved ones stay.
      save: config.pricing.settings === null && config.pricing.costs === null,
      // A cost table without settings of its own: profit first, margin where every item has a cost.
      objectiveFromCosts: config.pricing.settings === null && config.pricing.costs !== null
    },
    optimizePricing
  )
  const { rows, ...rest } = run
  report.pricing = {
    ...rest,
    top_changes: [...rows].sort((x, y) => Math.abs(y.change_pct) - Math.abs(x.change_pct)).slice(0, 20)
  }
  if (run.refused) return `price sheet refused: ${run.refused}`
  return `uplift ${signedPct(run.portfolio.uplift_pct)} on ${count(run.portfolio.items)} items${run.uncertain ? ' (uncertain: the interval includes a loss)' : ''}`
}

/**
 * The A/B design a study plans: DEFAULT_DESIGN with the config's experiment choices, one
 * treatment arm (the optimized prices, or a fixed change). On an imported dataset
 * (`dataset` not null), "courses" are its items.
 */
export function studyDesign(
  name: string,
  x: NonNullable<StudyConfig['experiment']>,
  dataset: string | null
): ExperimentDesign {
  return {
    ...DEFAULT_DESIGN,
    name: `${name} — A/B plan`.slice(0, 100),
    units: x.units === 'courses' && dataset ? 'items' : x.units,
    dataset,
    metric: x.metric,
    arms: [
      DEFAULT_DESIGN.arms[0],
      {
        name: 'treatment',
        change: x.treatment_pct === null ? { kind: 'optimized' } : { kind: 'pct', pct: x.treatment_pct },
        weight: 1
      }
    ],
    alpha: x.alpha,
    power: x.power,
    mde: x.mde,
    seed: x.seed,
    stratify: x.stratify,
    min_change: x.min_change
  }
}

const experiment: StageWork = async ({ ctx, config, report }) => {
  const x = config.experiment
  if (!x) return null
  const dataset =
    report.features && report.features.dataset !== SAMPLE_DATASET ? report.features.dataset : null
  const design = studyDesign(config.name, x, dataset)
  // A plan that tests no price change, or an effect it cannot detect, is not saved unless accepted.
  const preview = await callService(ctx, 'experiments:design', { design }, designExperiment)
  const flags = preview.treatment?.flags ?? []
  if (flags.length && !x.accept_weak_treatment)
    throw new DomainError(
      'invalid_input',
      `the A/B plan would not test the decision: ${flags.join('; ')}. Set experiment.accept_weak_treatment to true to plan it anyway`
    )
  const plan = await callService(
    ctx,
    'experiments:save',
    { design, acceptUnderpowered: x.accept_underpowered },
    saveExperimentPlan
  )
  const { balance, ...rest } = plan
  report.experiment = { ...rest, flagged: balance.filter((r) => r.flagged) }
  return `${count(plan.units)} units; ${plan.power.message}`
}

/** The work of each stage but the report (they run in the order of STAGES). */
export const STAGE_WORK: Record<Exclude<Stage, 'report'>, StageWork> = {
  data,
  features,
  elasticity,
  propensity,
  pricing,
  experiment
}

/** Why a stage is skipped (its record's message), or null when it runs; asked when the stage's turn comes. */
export function skipReason(s: Stage, { config, report }: StageContext): string | null {
  const hasRows = (table: string) => (report.data?.tables.find((t) => t.name === table)?.rows ?? 0) > 0
  if (s === 'propensity') {
    if (config.propensity === null) return 'not in the study config'
    if (report.data && !report.data.tables.some((t) => !t.dataset))
      return 'propensity scoring belongs to the EdTech sample, and this study analyses another dataset'
    if (!hasRows('learners') || !hasRows('enrollments'))
      return 'the project has no learners and enrollments to score'
  }
  if (s === 'experiment' && config.experiment === null) return 'not in the study config'
  return null
}
