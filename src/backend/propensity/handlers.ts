/** The propensity calls: learner-level scores (train, threshold, offers, segments, bands, export) and customer-level ones. */
import { TARGETS } from '../../shared/propensity'
import { bandsFrom } from '../../core/propensity/segments'
import {
  applyBands,
  learnerWhy,
  latestPropensityRun,
  savePropensityRun,
  scoredLearners
} from '../../core/propensity/registry'
import { segmentActions } from '../../core/propensity/actions'
import {
  DEFAULT_POLICY,
  medianListPrice,
  personalizedOffers,
  summarizeOffers
} from '../../core/propensity/offers'
import { profitCurve } from '../../core/propensity/metrics'
import { csvDocument, csvRecords } from '../../core/data/csv/writer'
import { DEFAULT_SEED } from '../../shared/defaults'
import type { ExportedFile, ApiName } from '../../shared/api'
import type { Handler, HandlerMap } from '../context'
import { saveExport } from '../exports'
import { NotFoundError } from '../project'
import { customerHandlers } from './customers'
import { currentRun, propensityRun } from './runs'
import { dataVersionNow } from '../../core/data/run-versions'

/** The learner-level and the customer-level (./customers) propensity calls. */
type PropensityCall = Extract<ApiName, `propensity:${string}`>

/** Trains the learner-level targets in workers (in a job) and saves the run with its price sensitivity. */
export const trainPropensity: Handler<'propensity:train'> = async ({ jobId, targets, cutoff, seed }, ctx) => {
  const path = ctx.project().path
  const chosen = targets ?? [...TARGETS]
  // The version the workers read (or an older one: a regeneration meanwhile marks the run stale, never fresh).
  const version = dataVersionNow(ctx.project().reader, { sample: true, dataset: 'sample' }) ?? 1
  return ctx.jobs.run(jobId, async (job) => {
    const plan = { cutoff, seed: seed ?? DEFAULT_SEED, folds: 3, testShare: 0.25 }
    let done = 0
    const results = await Promise.all(
      chosen.map(async (t) => {
        const r = await ctx.pool.run((api, h) => api.propensity(path, t, plan, h.progress), job.signal)
        job.progress((++done / chosen.length) * 99, `Trained ${t}`)
        return r
      })
    )
    const sensitivity = await ctx.pool.run((api) => api.priceSensitivity(path), job.signal)
    const createdAt = new Date().toISOString()
    const reports = results.map((r) => r.report)
    const current = results.map((r) => r.current)
    const run = await ctx
      .project()
      .lockWrite((db) => savePropensityRun(db, reports, current, sensitivity, createdAt, version))
    job.progress(100, 'Done')
    return run
  })
}

/** The latest run's scored learners as a CSV export. */
export const exportLearnerScores: Handler<'propensity:export'> = async ({ bom }, ctx) => {
  const run = propensityRun(ctx.project())
  const { header, rows } = scoredLearners(ctx.project().reader, run.run_id)
  return saveExport(
    ctx.files,
    `learner-scores-run${run.run_id}.csv`,
    csvDocument(header, rows, bom ?? false),
    rows.length
  )
}

const OFFER_COLUMNS = [
  'learner_id',
  'segment',
  'price_sensitivity',
  'discount_pct',
  'price',
  'bound_by',
  'base_conversion',
  'expected_conversion'
] as const

export const propensityHandlers = {
  'propensity:train': trainPropensity,
  'propensity:run': async (_args, ctx) => latestPropensityRun(ctx.project().reader),
  'propensity:threshold': async ({ target, offerCost, retainedValue }, ctx) => {
    const run = latestPropensityRun(ctx.project().reader)
    const t = run && currentRun(run).targets.find((x) => x.target === target)
    if (!t) throw new NotFoundError(`no ${target} model yet: train it on the Propensity page first`)
    return {
      ...profitCurve(t.test.score, t.test.label, offerCost, retainedValue),
      test_learners: t.test.label.length
    }
  },
  'propensity:offers': async (
    { referencePrice, maxDiscountPct, minPrice, sensitivityExtraPct, export: wantFile },
    ctx
  ) => {
    const run = propensityRun(ctx.project(), 'personalized prices')
    const reader = ctx.project().reader
    const policy = {
      ...DEFAULT_POLICY,
      referencePrice: referencePrice ?? medianListPrice(reader),
      ...(maxDiscountPct === undefined ? {} : { maxDiscountPct }),
      ...(minPrice === undefined ? {} : { minPrice }),
      ...(sensitivityExtraPct === undefined ? {} : { sensitivityExtraPct })
    }
    const offers = personalizedOffers(reader, run.run_id, policy)
    let file: ExportedFile | null = null
    if (wantFile) {
      const csv = csvRecords(OFFER_COLUMNS, offers, true)
      file = saveExport(ctx.files, `personalized-prices-run${run.run_id}.csv`, csv, offers.length)
    }
    return { reference_price: policy.referencePrice, segments: summarizeOffers(offers, policy), file }
  },
  'propensity:segments': async ({ rules }, ctx) => {
    const run = propensityRun(ctx.project(), 'segments')
    return segmentActions(ctx.project().reader, run.run_id, rules)
  },
  'propensity:learner': async ({ learnerId }, ctx) => {
    const run = propensityRun(ctx.project())
    const reader = ctx.project().reader
    const { header, rows } = scoredLearners(reader, run.run_id, learnerId)
    return { header, row: rows[0] ?? null, why: learnerWhy(reader, run.run_id, learnerId) }
  },
  'propensity:bands': async ({ hot, warm, cold }, ctx) => {
    const run = propensityRun(ctx.project())
    const bands = bandsFrom({ hot, warm, cold })
    await ctx.project().lockWrite((db) => applyBands(db, run.run_id, bands))
    return {
      bands,
      segments: segmentActions(ctx.project().reader, run.run_id),
      run: propensityRun(ctx.project())
    }
  },
  'propensity:export': exportLearnerScores,
  ...customerHandlers
} satisfies HandlerMap<PropensityCall>
