import { checkOutputs, saveOutputs } from './output'
import type { Backend } from '../backend/backend'
import { takeSavedRowsJson } from '../backend/pricing/run-body-pack'
import { MODEL_KINDS, type ModelKind } from '../shared/elasticity'
import { parseChange } from '../shared/pricing/change-text'
import {
  DEMAND_KINDS,
  OBJECTIVES,
  ROUNDING_DIRECTIONS,
  ROUNDING_RULES,
  describeUnit,
  type PricingRun,
  type PricingSettings,
  type ScenarioSpec
} from '../shared/pricing'
import { DEFAULT_SETTINGS } from '../shared/pricing/defaults'
import { UsageError, choiceFlag, listFlag, numberFlag, parse, requireString } from './args'
import { report, withProgress, withProject, type Command, type Io } from './io'
import { asCostShareUsage, costShareFlag, costsFile, roundFlag } from './cost-flags'
import { count, pct as share, signedPct } from '../shared/format/numbers'

function modelFlag(command: string, value: unknown): ModelKind | undefined {
  return choiceFlag(command, value, '--model', MODEL_KINDS, undefined)
}

/**
 * The elasticity run to price from, training one first where needed (as `score`
 * does for propensity): the latest run of --dataset, else the latest run; with no
 * run, the project's one priceable dataset. Several datasets and no --dataset: the
 * message says which command to run.
 */
/** The saved settings of the dataset the run prices (each dataset keeps its own; the latest run without one). */
async function savedSettings(b: Backend, runId: number | undefined): Promise<PricingSettings> {
  const runs = await b.call('elasticity:runs', {})
  const run =
    runId === undefined
      ? runs.reduce<(typeof runs)[number] | undefined>(
          (a, r) => (a && a.run_id > r.run_id ? a : r),
          undefined
        )
      : runs.find((r) => r.run_id === runId)
  return b.call('pricing:settings', { dataset: run?.dataset })
}

/** --item-by names columns of the dataset: one it lacks is a usage error listing the columns it has. */
async function checkItemBy(b: Backend, dataset: string, itemBy: string[]): Promise<void> {
  const ds = (await b.call('data:datasets', {})).find((d) => d.name === dataset)
  const missing = ds && itemBy.find((c) => !ds.columns.some((x) => x.name === c))
  if (ds && missing)
    throw new UsageError(
      `optimize: --item-by ${missing}: dataset "${dataset}" has no column "${missing}" (its columns: ${ds.columns.map((c) => c.name).join(', ')})`
    )
}

async function ensureElasticity(
  b: Backend,
  io: Io,
  json: boolean | undefined,
  dataset?: string
): Promise<{ trained: boolean; runId: number | undefined }> {
  const runs = await b.call('elasticity:runs', {})
  const all = dataset ? runs.filter((r) => r.dataset === dataset) : runs
  // A run of data since regenerated or replaced (or a damaged one) is never priced from: trained again.
  const mine = all.filter((r) => !r.stale && !r.damaged)
  const latest = all[0]
  if (mine.length && (dataset || mine[0] === latest))
    return { trained: false, runId: Math.max(...mine.map((r) => r.run_id)) }
  if (latest?.stale) io.err(`${latest.stale}: training it again first\n`)
  if (dataset === undefined && latest?.stale) dataset = latest.dataset
  const sources = await b.call('elasticity:sources', {})
  let target = dataset
  if (target === undefined) {
    if (!sources.length)
      throw new UsageError(
        'the project has no data to price: run `pricelab generate` for the sample, or `pricelab import` your sales with price and quantity columns'
      )
    if (sources.length > 1)
      throw new UsageError(
        `several datasets can be priced: add --dataset with one of ${sources.map((x) => `"${x.id}"`).join(', ')}`
      )
    target = sources[0].id
  } else if (!sources.some((x) => x.id === target))
    throw new UsageError(
      `no dataset "${target}" with price and quantity columns (priceable: ${sources.map((x) => x.id).join(', ') || 'none'})`
    )
  if (!json) io.err(`No elasticity run for ${target} yet: training the models first\n`)
  const r = await withProgress(b, io, json, () =>
    b.call('elasticity:train', { jobId: 'cli', dataset: target })
  )
  return { trained: true, runId: r.run_id ?? undefined }
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : signedPct(x))

const interval = (iv: { low: number; high: number } | null | undefined) =>
  iv ? `, interval ${pct(iv.low)} to ${pct(iv.high)}` : ''

/**
 * The result in the objective's terms first (margin when it is the objective), then
 * revenue, quantity and margin side by side, each with its change over today's.
 */
function summaryLines(r: PricingRun, amount: (x: number) => string): string[] {
  const p = r.portfolio
  const uncertain = r.uncertain ? ' — uncertain: the interval includes a loss against today' : ''
  const margin =
    p.current_margin !== null && p.optimized_margin !== null
      ? `Margin ${amount(p.current_margin)} → ${amount(p.optimized_margin)} per period (${pct(p.margin_change_pct)}${interval(p.margin_change_interval)})`
      : null
  const revenue = `Revenue ${amount(p.current_revenue)} → ${amount(p.optimized_revenue)} per period (${pct(p.uplift_pct)}${interval(p.uplift_interval)})`
  const quantity = `Quantity ${count(Math.round(p.current_quantity))} → ${count(Math.round(p.optimized_quantity))} per period (${pct(((p.optimized_quantity - p.current_quantity) / Math.max(1e-12, p.current_quantity)) * 100)})`
  if (r.settings.objective === 'margin' && margin) return [margin + uncertain, revenue, quantity]
  return [
    revenue +
      uncertain +
      (margin ? '' : ' (objective: revenue; map a cost column, give --costs or set --cost-share for margin)'),
    quantity,
    ...(margin ? [margin] : [])
  ]
}

const SOURCE_WORDS: Record<string, string> = {
  cost_table: 'cost table',
  cost_column: 'cost column',
  segment_share: 'cost share of their segment',
  cost_share: 'cost share'
}

/** Where the costs came from, in one line: "Costs: 120 items from the cost table, 3 from the cost column". */
function costLine(c: NonNullable<PricingRun['costs']>): string {
  const parts = Object.entries(c.sources).map(([k, n]) => `${n} from the ${SOURCE_WORDS[k] ?? k}`)
  if (c.without_cost) parts.push(`${c.without_cost} without a cost`)
  return `Costs: ${parts.join(', ') || 'none'}${c.table ? ` (cost table ${c.table.file}: ${c.table.matched} of its ${c.table.rows} rows matched)` : ''}`
}

export const PRICING_COMMANDS: Record<string, Command> = {
  optimize: {
    summary:
      'Optimize every price inside the guardrails and write the price sheet (trains elasticity first if needed)',
    usage: `pricelab optimize --db FILE [--dataset NAME] [--model ${MODEL_KINDS.join('|')}] [--demand ${DEMAND_KINDS.join('|')}] [--settings default|saved] [--item-by COL,COL] [--objective ${OBJECTIVES.join('|')}] [--cost-share 0.4|SEGMENT=0.55,other=0.4] [--costs costs.csv] [--min-volume 0.95] [--max-change 0.2] [--max-increase X] [--max-decrease X] [--min-price P] [--max-price P] [--round ${ROUNDING_RULES.filter((r) => r !== 'step').join('|')}|STEP] [--round-direction ${ROUNDING_DIRECTIONS.join('|')}] [--category-change 0.05] [--allow-extrapolation] [--lock ID,ID] [--ignore-cross] (--out prices.csv | --xlsx prices.xlsx | both) [--bom] [--force] [--json]`,
    async run(argv, io) {
      const { values } = parse('optimize', argv, {
        db: { type: 'string' },
        dataset: { type: 'string' },
        model: { type: 'string' },
        demand: { type: 'string' },
        settings: { type: 'string' },
        'item-by': { type: 'string' },
        objective: { type: 'string' },
        'cost-share': { type: 'string' },
        costs: { type: 'string' },
        'min-volume': { type: 'string' },
        'max-change': { type: 'string' },
        'max-increase': { type: 'string' },
        'max-decrease': { type: 'string' },
        'min-price': { type: 'string' },
        'max-price': { type: 'string' },
        round: { type: 'string' },
        'round-direction': { type: 'string' },
        'category-change': { type: 'string' },
        'allow-extrapolation': { type: 'boolean' },
        lock: { type: 'string' },
        'ignore-cross': { type: 'boolean' },
        out: { type: 'string' },
        xlsx: { type: 'string' },
        bom: { type: 'boolean' },
        force: { type: 'boolean' }
      })
      const db = requireString('optimize', values.db, '--db')
      // The CSV, the workbook, or both; at least one.
      const xlsx = values.xlsx
      const out = xlsx === undefined ? requireString('optimize', values.out, '--out') : values.out
      if (xlsx !== undefined && !/\.xlsx$/i.test(xlsx))
        throw new UsageError(`optimize: --xlsx ${xlsx}: the workbook's file name must end in .xlsx`)
      const model = modelFlag('optimize', values.model)
      const objective = choiceFlag('optimize', values.objective, '--objective', OBJECTIVES, undefined)
      const round = roundFlag('optimize', values.round)
      const shares = costShareFlag('optimize', values['cost-share'])
      const costsText = costsFile('optimize', values.costs)
      const dir = choiceFlag(
        'optimize',
        values['round-direction'],
        '--round-direction',
        ROUNDING_DIRECTIONS,
        undefined
      )
      const demand = choiceFlag('optimize', values.demand, '--demand', DEMAND_KINDS, undefined)
      if (values.settings !== undefined && values.settings !== 'saved' && values.settings !== 'default')
        throw new UsageError('optimize: --settings must be saved or default')
      const opt = (flag: Exclude<keyof typeof values, 'cost-share'>) =>
        values[flag] === undefined ? undefined : numberFlag('optimize', values[flag], `--${flag}`, 0)
      return withProject(db, false, async (b) => {
        const outs = [out, xlsx].filter((x): x is string => x !== undefined)
        checkOutputs(b, outs, values.force)
        const itemBy = listFlag(values['item-by'])
        // Checked before any training: a misspelt column must not cost a model run first.
        if (itemBy && values.dataset) await checkItemBy(b, values.dataset, itemBy)
        const { trained, runId } = await ensureElasticity(b, io, values.json, values.dataset)
        // Flags apply to this run only: the defaults underneath, the project's saved settings only when asked.
        const base = values.settings === 'saved' ? await savedSettings(b, runId) : DEFAULT_SETTINGS
        const maxChange = opt('max-change')
        // The cost table is read by the backend: a bad file is refused with its file, line and column.
        const itemCosts =
          costsText === undefined
            ? base.item_costs
            : await b.call('pricing:readCosts', {
                file: values.costs as string,
                text: costsText,
                dataset: values.dataset
              })
        const g = base.guardrails
        const settings: PricingSettings = {
          ...base,
          objective: objective ?? base.objective,
          cost_share: shares ? shares.share : base.cost_share,
          cost_shares: shares ? shares.bySegment : base.cost_shares,
          item_costs: itemCosts,
          min_volume_share: opt('min-volume') ?? base.min_volume_share,
          demand: demand ?? base.demand,
          ignore_cross: values['ignore-cross'] ? true : base.ignore_cross,
          guardrails: {
            ...g,
            max_increase: opt('max-increase') ?? maxChange ?? g.max_increase,
            max_decrease: opt('max-decrease') ?? maxChange ?? g.max_decrease,
            min_price: opt('min-price') ?? g.min_price,
            max_price: opt('max-price') ?? g.max_price,
            category_avg_change: opt('category-change') ?? g.category_avg_change,
            stay_in_observed: values['allow-extrapolation'] ? false : g.stay_in_observed,
            locked: listFlag(values.lock) ?? g.locked,
            rounding: {
              rule: round?.rule ?? g.rounding.rule,
              direction: dir ?? g.rounding.direction,
              step: round ? round.step : (g.rounding.step ?? null)
            }
          }
        }
        const r = await b
          .call('pricing:optimize', {
            runId,
            model,
            settings,
            save: false,
            itemBy,
            // No --objective (and not the saved settings): margin wherever the data has a cost.
            objectiveFromCosts: objective === undefined && values.settings !== 'saved',
            // --out: the sheet's CSV is written while the run's corner curve runs; the export below stages it.
            ...(out === undefined ? {} : { prepareExport: { bom: values.bom ?? false } })
          })
          .catch((e: unknown) => {
            throw asCostShareUsage('optimize', e)
          })
        const refused = r.refused
        const f =
          refused || out === undefined
            ? null
            : await b.call('pricing:export', { bom: values.bom ?? false, runId: r.run_id ?? undefined })
        const wb =
          refused || xlsx === undefined
            ? null
            : await b.call('pricing:exportWorkbook', { runId: r.run_id ?? undefined })
        await saveOutputs(
          b,
          [
            ...(f && out ? [{ fileId: f.fileId, out }] : []),
            ...(wb && xlsx ? [{ fileId: wb.fileId, out: xlsx }] : [])
          ],
          values.force
        )
        const p = r.portfolio
        const u = r.unit
        const amount = (x: number) => `${count(x)} ${u.label}`
        report(
          io,
          values.json,
          {
            db: b.project.path,
            run_id: r.run_id,
            elasticity_run_id: r.elasticity_run_id,
            trained_elasticity: trained,
            dataset: r.dataset,
            model: r.model,
            demand: r.demand,
            demand_label: r.demand_label,
            // Which own elasticities priced the sheet: cross_own where cross terms are applied (issue 24).
            own_source: r.own_source ?? null,
            // Where the per-item data came from: the project's digest cache, the rows streamed, or read whole.
            digest_source: r.digest_source ?? null,
            unit: u,
            objective: r.settings.objective,
            settings: r.settings,
            items: p.items,
            items_changed: p.items_changed,
            current_revenue: p.current_revenue,
            optimized_revenue: p.optimized_revenue,
            revenue_interval: p.revenue_interval,
            uplift_pct: p.uplift_pct,
            uplift_interval: p.uplift_interval,
            // The headline in the objective's terms (% change and its interval), and the margin's beside it.
            objective_change_pct: p.objective_change_pct ?? null,
            objective_interval: p.objective_interval ?? null,
            margin_change_pct: p.margin_change_pct ?? null,
            margin_interval: p.margin_change_interval ?? null,
            uncertain: r.uncertain,
            refused,
            current_enrollments: p.current_enrollments,
            optimized_enrollments: p.optimized_enrollments,
            current_quantity: p.current_quantity,
            optimized_quantity: p.optimized_quantity,
            current_margin: p.current_margin,
            optimized_margin: p.optimized_margin,
            true_revenue_share_of_optimum: r.true_revenue_share_of_optimum,
            true_uplift_pct: r.true_uplift_pct,
            true_items_below_today: r.true_items_below_today ?? null,
            rules: r.rules ?? null,
            guardrail_hits: p.guardrail_hits,
            // null, or {guardrail, items, reason}: a guardrail, not the demand curve, decides most changed prices.
            corner: r.corner ?? null,
            corner_curve: r.corner_curve ?? null,
            // The grid the new prices are on (inferred from the data, or the rounding rule's) and why.
            price_grid: r.price_grid ?? null,
            // Items per cost source, and what a cost table matched; each row's source is rows[].cost_source.
            costs: r.costs ?? null,
            out_of_range: p.out_of_range,
            comparison: r.comparison,
            warnings: r.warnings,
            out: f ? out : null,
            xlsx: wb ? xlsx : null,
            ms: r.ms,
            // Every item's row with exact values: the price sheet CSV rounds them for reading.
            rows: r.rows
          },
          () => [
            `Optimized ${count(p.items)} prices (${describeUnit(u)}) of ${r.dataset} on ${r.demand_label} (elasticity run ${r.elasticity_run_id}), objective ${r.settings.objective}`,
            ...summaryLines(r, amount),
            ...(r.true_revenue_share_of_optimum !== null
              ? [
                  `Sample truth: ${share(r.true_revenue_share_of_optimum)} of the true optimum within the same guardrails; true change ${pct(r.true_uplift_pct)}`
                ]
              : []),
            `Bound by: ${
              Object.entries(p.guardrail_hits)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ') || 'none'
            }`,
            ...(r.corner ? [r.corner.reason] : []),
            ...(r.price_grid ? [`Price grid: ${r.price_grid.sentence}`] : []),
            ...(r.costs ? [costLine(r.costs)] : []),
            ...r.warnings.map((w) => `Warning: ${w}`),
            ...(refused
              ? [`Refused: ${refused}`]
              : [
                  ...(f ? [`Wrote ${count(f.rows)} rows to ${out}`] : []),
                  ...(wb ? [`Wrote the workbook (${count(wb.rows)} items, live what-if) to ${xlsx}`] : [])
                ])
          ],
          // The rows' JSON as the save wrote it (the same text): not serialized a second time.
          (v) => (v === r.rows ? takeSavedRowsJson(v) : undefined)
        )
        return refused ? 1 : 0
      })
    }
  },
  scenario: {
    summary: 'Forecast price scenarios (changes by item, category or all) and compare up to four',
    usage:
      'pricelab scenario --db FILE [--name NAME] --change "category=Programming:+10%" [--change "all:-5%" …] [--model KIND] [--market-growth PCT] [--competitor-move PCT] [--cross-elasticity X] [--ignore-cross] [--save] [--compare NAME,NAME] [--json]',
    async run(argv, io) {
      const { values } = parse('scenario', argv, {
        db: { type: 'string' },
        name: { type: 'string' },
        change: { type: 'string', multiple: true },
        model: { type: 'string' },
        'market-growth': { type: 'string' },
        'competitor-move': { type: 'string' },
        'cross-elasticity': { type: 'string' },
        'ignore-cross': { type: 'boolean' },
        save: { type: 'boolean' },
        compare: { type: 'string' }
      })
      const db = requireString('scenario', values.db, '--db')
      const changes = (values.change ?? []).map((c) => {
        const read = parseChange(c)
        if ('error' in read) throw new UsageError(`scenario: ${read.error}`)
        return read.change
      })
      const compare = listFlag(values.compare) ?? []
      if (!changes.length && !compare.length)
        throw new UsageError('scenario: give at least one --change, or --compare saved scenario names')
      const spec: ScenarioSpec | null = changes.length
        ? {
            name:
              values.name ??
              changes
                .map(
                  (c) =>
                    `${c.scope}${c.key ? `=${c.key}` : ''}:${c.change_pct >= 0 ? '+' : ''}${c.change_pct}%`
                )
                .join(' '),
            kind: 'changes',
            changes,
            model: modelFlag('scenario', values.model) ?? null,
            market_growth_pct: numberFlag('scenario', values['market-growth'], '--market-growth', 0),
            competitor_move_pct: numberFlag('scenario', values['competitor-move'], '--competitor-move', 0),
            cross_elasticity: numberFlag('scenario', values['cross-elasticity'], '--cross-elasticity', 0.3),
            notes: '',
            ...(values['ignore-cross'] ? { ignore_cross: true } : {})
          }
        : null
      return withProject(db, false, async (b) => {
        await ensureElasticity(b, io, values.json)
        if (spec && values.save) await b.call('pricing:saveScenario', { scenario: spec })
        const results = await b.call('pricing:compare', {
          names: compare.length ? compare : undefined,
          scenarios: spec ? [spec] : undefined
        })
        const scenarios = results.map((r) => ({
          name: r.name,
          kind: r.kind,
          model: r.model,
          ...r.totals,
          categories: r.categories,
          notes: r.notes,
          avg_price_change_pct: r.avg_price_change_pct,
          curve: r.curve
        }))
        report(io, values.json, { db: b.project.path, scenarios }, () =>
          scenarios.map(
            (s) =>
              `${s.name}: revenue ${count(Math.round(s.revenue_before))} → ${count(Math.round(s.revenue))} (${pct(s.revenue_change_pct)}${s.revenue_interval ? `, ${count(Math.round(s.revenue_interval.low))}–${count(Math.round(s.revenue_interval.high))}` : ''}), enrollments ${count(Math.round(s.enrollments_before))} → ${count(Math.round(s.enrollments))} per week [${s.model}]`
          )
        )
        return 0
      })
    }
  }
}
