import { checkOutputs, saveOutputs } from './output'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  DEFAULT_DESIGN,
  METRICS,
  STRATIFICATIONS,
  UNIT_KINDS,
  SCHEDULES,
  defaultMetric,
  defaultStratify,
  type ArmChange,
  type ExperimentDesign,
  type TreatmentCheck
} from '../shared/experiments'
import { UsageError, choiceFlag, listFlag, numberFlag, parse, requireString } from './args'
import { report, withProject, type Command } from './io'
import { count, fixed, pValue, pct } from '../shared/format/numbers'

/** "change:-10%", "scenario:NAME" or "optimized": what the treatment arm does to prices. */
export function parseTreatment(text: string): ArmChange {
  const pct = /^change:\s*([+-]?\d+(?:\.\d+)?)\s*%?$/.exec(text.trim())
  if (pct) return { kind: 'pct', pct: Number(pct[1]) }
  if (text.startsWith('scenario:') && text.length > 9) return { kind: 'scenario', name: text.slice(9) }
  if (text === 'optimized' || text === 'scenario:optimized') return { kind: 'optimized' }
  throw new UsageError(`abtest: --treatment must be change:-10%, scenario:NAME or optimized, got "${text}"`)
}

const pctText = (x: number | null) => (x === null ? 'n/a' : pct(x))

/** What the treatment moves and is expected to do, then its flags. */
function treatmentLines(t: TreatmentCheck | undefined): string[] {
  if (!t) return []
  return [
    ...(t.left_out_units
      ? [`Left out: ${t.left_out_units} units the treatment moves by less than ${pctText(t.min_change)}`]
      : []),
    ...t.arms.map(
      (a) =>
        `Treatment ${a.arm}: ${a.changed_units} of ${a.units} units move by ${pctText(t.min_change)} or more${a.change_pct ? ` (changes ${a.change_pct.min}% to ${a.change_pct.max}%, median ${a.change_pct.median}%)` : ''}; expected effect ${pctText(a.expected_effect)}${a.expected_effect === null ? ` (${a.basis})` : `, power ${pctText(a.power_at_expected)} for it`}`
    ),
    ...t.flags.map((f) => `FLAG: ${f}`)
  ]
}

/** The flags `pricelab abtest` reads into a design (every flag optional but --treatment). */
export interface AbtestFlags {
  name?: string
  units?: string
  dataset?: string
  metric?: string
  treatment?: string[]
  stratify?: string
  cluster?: boolean
  seed?: string
  alpha?: string
  power?: string
  mde?: string
  holdout?: string
  start?: string
  exclude?: string
  'min-change'?: string
  'cluster-by'?: string
  design?: string
}

/**
 * The design an `abtest` command line asks for. An absent flag takes the contract's default
 * (DEFAULT_DESIGN, the same the Experiments wizard and the study pipeline start from).
 */
export function designFromFlags(values: AbtestFlags): ExperimentDesign {
  // With --dataset, --units may name any id column of the dataset (a store, a region): its values are the units.
  const column =
    values.dataset && values.units !== undefined && !(UNIT_KINDS as readonly string[]).includes(values.units)
      ? values.units
      : null
  const units = column
    ? 'items'
    : choiceFlag('abtest', values.units, '--units', UNIT_KINDS, DEFAULT_DESIGN.units)
  if (units === 'items' && !values.dataset) throw new UsageError('abtest: --units items needs --dataset NAME')
  if (values['cluster-by'] && units !== 'items')
    throw new UsageError(
      'abtest: --cluster-by COLUMN needs --dataset NAME (a column of that dataset); courses cluster by teacher with --cluster'
    )
  const metric = choiceFlag('abtest', values.metric, '--metric', METRICS, defaultMetric(units))
  const stratify = choiceFlag(
    'abtest',
    values.stratify,
    '--stratify',
    STRATIFICATIONS,
    defaultStratify(units)
  )
  const treatments = (values.treatment ?? []).map(parseTreatment)
  if (!treatments.length) throw new UsageError('abtest: give at least one --treatment')
  const d = DEFAULT_DESIGN
  return {
    ...d,
    name: values.name ?? d.name,
    units,
    dataset: values.dataset ?? null,
    metric,
    arms: [
      d.arms[0],
      ...treatments.map((change, k) => ({
        name: treatments.length === 1 ? 'treatment' : `treatment_${k + 1}`,
        change,
        weight: 1
      }))
    ],
    alpha: numberFlag('abtest', values.alpha, '--alpha', d.alpha),
    power: numberFlag('abtest', values.power, '--power', d.power),
    mde: values.mde === undefined ? d.mde : numberFlag('abtest', values.mde, '--mde', 0),
    seed: numberFlag('abtest', values.seed, '--seed', d.seed),
    stratify,
    cluster: values.cluster ?? d.cluster,
    holdout: numberFlag('abtest', values.holdout, '--holdout', d.holdout),
    pinned: [],
    exclude: listFlag(values.exclude) ?? d.exclude,
    start_date: values.start ?? d.start_date,
    min_change: numberFlag('abtest', values['min-change'], '--min-change', d.min_change),
    unit_column: column,
    cluster_by: values['cluster-by'] ?? null,
    schedule: choiceFlag('abtest', values.design, '--design', SCHEDULES, d.schedule)
  }
}

export const EXPERIMENT_COMMANDS: Record<string, Command> = {
  abtest: {
    summary: 'Design an A/B price test: power, seeded balanced assignment, plan CSV + summary',
    usage: `pricelab abtest --db FILE [--name NAME] [--units ${UNIT_KINDS.join('|')}|COLUMN --dataset NAME] [--cluster-by COLUMN] [--design ${SCHEDULES.join('|')}] [--metric ${METRICS.join('|')}] --treatment change:-10%|scenario:NAME|optimized [--treatment …] [--stratify ${STRATIFICATIONS.join('|')} (default: category; none for learners)] [--cluster] [--seed ${DEFAULT_DESIGN.seed}] [--alpha ${DEFAULT_DESIGN.alpha}] [--power ${DEFAULT_DESIGN.power}] [--mde ${DEFAULT_DESIGN.mde}] [--holdout 0.1] [--start YYYY-MM-DD] [--min-change ${DEFAULT_DESIGN.min_change}] [--accept-underpowered] --out plan.csv [--bom] [--force] [--json]`,
    async run(argv, io) {
      const { values } = parse('abtest', argv, {
        db: { type: 'string' },
        name: { type: 'string' },
        units: { type: 'string' },
        dataset: { type: 'string' },
        metric: { type: 'string' },
        treatment: { type: 'string', multiple: true },
        stratify: { type: 'string' },
        cluster: { type: 'boolean' },
        seed: { type: 'string' },
        alpha: { type: 'string' },
        power: { type: 'string' },
        mde: { type: 'string' },
        holdout: { type: 'string' },
        start: { type: 'string' },
        exclude: { type: 'string' },
        'min-change': { type: 'string' },
        'cluster-by': { type: 'string' },
        design: { type: 'string' },
        'accept-underpowered': { type: 'boolean' },
        out: { type: 'string' },
        bom: { type: 'boolean' },
        force: { type: 'boolean' }
      })
      const db = requireString('abtest', values.db, '--db')
      const out = requireString('abtest', values.out, '--out')
      const design = designFromFlags(values)
      const units = design.units
      const summaryOut = out.replace(/(\.csv)?$/i, '.summary.csv')
      return withProject(db, false, async (b) => {
        checkOutputs(b, [out, summaryOut], values.force)
        const p = await b.call('experiments:save', {
          design,
          acceptUnderpowered: values['accept-underpowered'] ?? false
        })
        const files = await b.call('experiments:export', { name: design.name, bom: values.bom ?? false })
        await saveOutputs(
          b,
          [
            { fileId: files.plan.fileId, out },
            { fileId: files.summary.fileId, out: summaryOut }
          ],
          values.force
        )
        const treatmentUnits = Object.entries(p.arms)
          .filter(([a]) => a !== 'control')
          .reduce((s, [, n]) => s + n, 0)
        report(
          io,
          values.json,
          {
            db: b.project.path,
            experiment: p.name,
            units: p.units,
            arms: { control: p.arms.control, treatment: treatmentUnits, ...p.arms },
            max_abs_smd: p.max_abs_smd,
            required_units: p.power.required_units,
            mde: design.mde,
            mde_achievable: p.power.mde_achievable,
            enough: p.power.enough,
            test: p.power.test,
            baseline: p.baseline,
            duration: p.duration,
            holdout_units: p.holdout_units,
            excluded_units: p.excluded_units,
            seed: p.seed,
            algorithm: p.algorithm,
            fingerprint: p.fingerprint,
            warnings: p.warnings,
            cuped: p.cuped,
            treatment: p.treatment ?? null,
            design: p.design_label ?? null,
            cluster_by: design.cluster_by,
            clusters: p.clusters ?? null,
            cannibalization: p.cannibalization ?? null,
            out,
            summary_out: summaryOut
          },
          () => [
            `Planned "${p.name}" on ${count(p.units)} ${p.unit_noun?.many ?? units} (${p.design_label ?? 'randomized'}): ${Object.entries(
              p.arms
            )
              .map(([a, n]) => `${a} ${n}`)
              .join(', ')}${p.holdout_units ? `, holdout ${p.holdout_units}` : ''}`,
            `Power: ${p.power.message || `MDE reachable ${pctText(p.power.mde_achievable)}`}${p.duration.weeks ? `; run ${p.duration.weeks} week(s)` : p.duration.days ? `; run ${p.duration.days} days` : ''}`,
            ...(p.cuped ? [`CUPED: ${p.cuped.message}`] : []),
            `Balance: largest |SMD| ${fixed(p.max_abs_smd, 3)} (limit 0.1); seed ${p.seed}, ${p.algorithm}, data fingerprint ${p.fingerprint}`,
            ...treatmentLines(p.treatment),
            ...(p.cannibalization ? [`Cannibalization: ${p.cannibalization.advice}`] : []),
            ...p.warnings.map((w) => `Warning: ${w}`),
            `Wrote ${out} and ${summaryOut}`
          ]
        )
        return 0
      })
    }
  },
  'abtest-analyze': {
    summary:
      'Analyze returned A/B results: sample-ratio check, effects with intervals, implied elasticity, verdict',
    usage:
      'pricelab abtest-analyze --results results.csv [--db FILE --experiment NAME [--allow-mismatch] [--carryover PERIODS]] [--sequential] [--bootstrap 2000] [--json]',
    async run(argv, io) {
      const { values } = parse('abtest-analyze', argv, {
        results: { type: 'string' },
        db: { type: 'string' },
        experiment: { type: 'string' },
        bootstrap: { type: 'string' },
        'allow-mismatch': { type: 'boolean' },
        sequential: { type: 'boolean' },
        carryover: { type: 'string' }
      })
      const results = requireString('abtest-analyze', values.results, '--results')
      const carryover =
        values.carryover === undefined
          ? undefined
          : numberFlag('abtest-analyze', values.carryover, '--carryover', 0)
      if (carryover !== undefined && !(Number.isInteger(carryover) && carryover >= 0 && carryover <= 52))
        throw new UsageError(
          `abtest-analyze: --carryover must be a whole number of periods from 0 to 52, got ${values.carryover}`
        )
      if (values.experiment && !values.db) throw new UsageError('abtest-analyze: --experiment needs --db')
      const run = async (db: string, create: boolean) =>
        withProject(db, create, async (b) => {
          const staged = await b.call('file:stagePath', { path: results })
          const a = await b.call('experiments:analyze', {
            fileId: staged.fileId,
            experiment: values.experiment,
            allowMismatch: values['allow-mismatch'] ?? false,
            sequential: values.sequential ?? false,
            carryover,
            bootstrap:
              values.bootstrap === undefined
                ? undefined
                : numberFlag('abtest-analyze', values.bootstrap, '--bootstrap', 0)
          })
          report(io, values.json, { ...a, results }, () => [
            ...a.arms.map(
              (s) =>
                `${s.arm.padEnd(14)} units ${count(s.units)}, conversion ${pct(s.rate)}, revenue/unit ${fixed(s.revenue_per_unit, 2)}`
            ),
            `Sample ratio: χ² ${fixed(a.srm.chi_square, 2)}, ${pValue(a.srm.p_value)}${a.srm.mismatch ? ' — MISMATCH' : ''}`,
            `Method: ${a.variance_method}${a.cuped ? ` (CUPED variance reduction ${pct(a.cuped.variance_reduction)})` : ''}`,
            ...(a.plan_check?.problems ?? []).slice(0, 10).map((p) => `Plan: line ${p.line}: ${p.message}`),
            a.verdict,
            ...a.caveats.map((c) => `Note: ${c}`)
          ])
          return 0
        })
      if (values.db) return run(values.db, false)
      // No project given: the analysis is kept in a scratch project.
      return run(join(mkdtempSync(join(tmpdir(), 'pricelab-abtest-')), 'analysis.pricelab'), true)
    }
  }
}
