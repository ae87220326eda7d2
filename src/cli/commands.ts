import { describeImpossible } from '../shared/data/impossible-rows'
import { checkOutputs, saveOutputs } from './output'
import { checkGenerateFlags, dateFormatFlag, delimiterFlag, encodingFlag, planColumns } from './import-flags'
import { SEED_TABLES } from '../shared/data'
import { UsageError, choiceFlag, dateFlag, listFlag, numberFlag, parse, requireString } from './args'
import { TARGETS } from '../shared/propensity'
import { report, withProgress, withProject, type Command } from './io'
import { PRICING_COMMANDS } from './pricing-commands'
import { EXPERIMENT_COMMANDS } from './experiment-commands'
import { RUN_COMMAND } from './run-command'
import { SERVE_COMMAND } from './serve-command'
import { CUSTOMER_FLAGS, customerPropensity, customerScore } from './customer-commands'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MODEL_KINDS, type ModelKind, VALIDATIONS, type Validation } from '../shared/elasticity'
import type { ElasticityReport } from '../shared/elasticity/results'
import { DML_MODES, type DmlMode } from '../shared/elasticity/dml-mode'
import { crossTopKSetting } from '../shared/elasticity/cross'
import { DEFAULT_SEED } from '../shared/defaults'
import { count, fixed, grouped, numberInterval, pct, seconds } from '../shared/format/numbers'

/** A cross elasticity and its interval, "-0.40 [-0.61, -0.19]", in the digits that keep the point inside. */
function crossCell(e: number, low: number, high: number): string {
  const t = numberInterval(e, low, high)
  return `${t.point} [${t.low}, ${t.high}]`
}

const isValidation = (v: string): v is Validation => (VALIDATIONS as readonly string[]).includes(v)

/** How the summary line says what the test figures measure. */
const VALIDATION_WORDS: Record<Validation, string> = {
  time: 'the last periods of every item',
  rows: 'held-out rows of every item',
  items: 'held-out items'
}
import { TRANSACTION_FLAGS, importTransactionsCommand, recipeFlags } from './transaction-import'
import { SAMPLE_KINDS, isSampleKind } from '../shared/data'
import type { ImportPlan } from '../shared/data/calls'

/** The --json document of an elasticity run: the report without the chart data (samples and curves). */
function elasticityJson(r: ElasticityReport): Record<string, unknown> {
  return { ...r, models: r.models.map(({ sample: _sample, curves: _curves, ...m }) => m) }
}

function elasticityText(r: ElasticityReport): string[] {
  const f = (x: number | null, d = 3) => fixed(x, d)
  return [
    `Dataset ${r.dataset} (v${r.dataset_version}): ${count(r.rows)} rows, ${count(r.items)} items; best model ${r.best_model ?? 'none'}, recommended elasticity from ${r.recommended_model ?? 'none'}, validated on ${VALIDATION_WORDS[r.validation ?? 'items']} (run ${r.run_id}, ${seconds(r.wall_ms)})`,
    '',
    `${'model'.padEnd(8)} ${'test R²'.padStart(8)} ${'RMSE'.padStart(9)} ${'MAPE'.padStart(7)} ${'CV RMSE'.padStart(8)} ${'elast.'.padStart(7)} ${'ms'.padStart(7)}`,
    ...r.models.map(
      (m) =>
        `${(m.name + (m.name === r.best_model ? '*' : '')).padEnd(8)} ${f(m.test_r2).padStart(8)} ${grouped(m.rmse, 2).padStart(9)} ${pct(m.mape).padStart(7)} ${grouped(m.cv_rmse, 3).padStart(8)} ${f(m.elasticity, 2).padStart(7)} ${String(m.train_ms).padStart(7)}`
    ),
    '',
    `${r.segment_column.padEnd(22)} ${'recommended [90% CI]'.padStart(24)} ${'from'.padStart(9)} ${'naive [90% CI]'.padStart(22)} ${'debiased [90% CI]'.padStart(24)} ${'true'.padStart(6)}`,
    ...r.segments.map(
      (s) =>
        `${s.segment.slice(0, 22).padEnd(22)} ${`${f(s.recommended ?? null, 2)} [${f(s.recommended_ci_low ?? null, 2)}, ${f(s.recommended_ci_high ?? null, 2)}]`.padStart(24)} ${(s.recommended_from ?? '—').padStart(9)} ${`${f(s.elasticity, 2)} [${f(s.ci_low, 2)}, ${f(s.ci_high, 2)}]`.padStart(22)} ${`${f(s.debiased, 2)} [${f(s.debiased_ci_low, 2)}, ${f(s.debiased_ci_high, 2)}]`.padStart(24)} ${f(s.true, 2).padStart(6)}`
    ),
    ...headlineText(r),
    ...r.segments.map((s) => `recommended for ${s.segment}: ${s.recommended_reason ?? '—'}`),
    ...r.segments.filter((s) => s.warning).map((s) => `warning: ${s.segment}: ${s.warning}`),
    ...crossText(r),
    ...r.warnings.map((w) => `warning: ${w}`),
    ...(r.dml
      ? [
          `debiased (DML): ${r.dml.ran ? (r.dml.cached ? 'from the cache' : 'computed') : 'not run'} (${r.dml.reason})`
        ]
      : [])
  ]
}

/** The one-figure headline with its interval and definition (none for runs saved before it). */
function headlineText(r: ElasticityReport): string[] {
  const h = r.headline
  if (!h) return []
  const t = numberInterval(h.elasticity, h.ci_low, h.ci_high)
  return [`headline elasticity ${t.point} [90% ${t.low} to ${t.high}]: ${h.definition}`]
}

/** The cross-price cells with evidence, then how many show none (every cell is in --json). */
function crossText(r: ElasticityReport): string[] {
  if (!r.cross_group) return []
  const shown = r.cross.filter((c) => c.reading !== 'no evidence')
  return [
    '',
    r.cross_level === 'item'
      ? `cross-price elasticities between the best-selling items of each ${r.cross_group} (quantity of ON with respect to the price of OF, 90% CI):`
      : `cross-price elasticities within ${r.cross_group} (quantity of ON with respect to the price of OF, 90% CI):`,
    ...shown.map(
      (c) =>
        `  ${c.on} ← ${c.of}: ${crossCell(c.elasticity, c.ci_low, c.ci_high)} ${c.reading} (n ${count(c.n)})`
    ),
    `  ${r.cross.length - shown.length} of ${r.cross.length} pairs: no evidence either way`
  ]
}

export type { Io } from './io'

export const COMMANDS: Record<string, Command> = {
  generate: {
    summary:
      'Generate a built-in sample into a project: the EdTech data set (default) or a retail store × brand weekly panel (dataset retail_sample), both with known true elasticities',
    usage:
      'pricelab generate --db FILE [--kind edtech|retail] [--seed N] [--scale K] [--as transactions --out LOG.csv [--force]] [--json]',
    async run(argv, io) {
      const { values } = parse('generate', argv, {
        db: { type: 'string' },
        kind: { type: 'string' },
        seed: { type: 'string' },
        scale: { type: 'string' },
        as: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean' }
      })
      const db = requireString('generate', values.db, '--db')
      const asLog =
        choiceFlag('generate', values.as, '--as', ['panel', 'transactions'], 'panel') === 'transactions'
      if (asLog !== (values.out !== undefined))
        throw new UsageError(
          'generate: --as transactions writes the log to --out LOG.csv (give both, or neither)'
        )
      const kind = values.kind ?? 'edtech'
      if (!isSampleKind(kind))
        throw new UsageError(
          `generate: --kind must be one of ${SAMPLE_KINDS.join(', ')}, got ${JSON.stringify(kind)}`
        )
      const seed = numberFlag('generate', values.seed, '--seed', DEFAULT_SEED)
      const scale = numberFlag('generate', values.scale, '--scale', 1)
      checkGenerateFlags(seed, scale)
      return withProject(db, true, async (b) => {
        if (values.out) checkOutputs(b, [values.out], values.force)
        const s = await withProgress(b, io, values.json, () =>
          b.call('data:generate', { jobId: 'cli', seed, scale, kind })
        )
        const log = values.out ? await b.call('export:transactions', { kind }) : null
        if (log && values.out) await saveOutputs(b, [{ fileId: log.fileId, out: values.out }], values.force)
        report(
          io,
          values.json,
          {
            db: b.project.path,
            seed: s.seed,
            scale: s.scale,
            start_date: s.startDate,
            end_date: s.endDate,
            tables: s.counts,
            ms: s.ms,
            kind: s.kind,
            dataset: s.dataset,
            ...(log ? { log: { out: values.out, lines: log.lines, rows: log.rows, recipe: log.recipe } } : {})
          },
          () => [
            ...(log
              ? [
                  `Wrote the ${s.kind} sample's transaction log to ${values.out}: ${count(log.lines)} sales lines, which aggregate to its ${count(log.rows)}-row panel with`,
                  `  pricelab import --db FILE --dataset NAME --transactions ${recipeFlags(log.recipe)} ${values.out}`
                ]
              : []),
            `Generated ${s.kind === 'retail' ? `the retail panel (dataset ${s.dataset})` : 'sample data'} in ${b.project.path} (seed ${s.seed}, scale ${s.scale}, ${s.ms} ms)`,
            ...Object.entries(s.counts).map(([t, n]) => `  ${t.padEnd(22)} ${count(n).padStart(10)}`)
          ]
        )
        return 0
      })
    }
  },
  import: {
    summary:
      'Import a CSV file into a seed table or as a new dataset (all rows or none), or build an item × period panel from a transaction log (--transactions)',
    usage:
      "pricelab import --db FILE (--table NAME [--mode append|replace] | --dataset NAME [--item C] [--segment C,..] [--period C] [--price C] [--quantity C] [--cost C] [--competitor C] [--features C,..] [--replace]) [--delimiter ,|;|tab] [--date-format DD/MM/YYYY|MM/DD/YYYY|YYYY/MM/DD|DD.MM.YYYY|YYYY-MM-DD] [--encoding utf-8|windows-1252|utf-16le|utf-16be] [--sheet NAME] [--json] FILE.csv|FILE.xlsx\n       pricelab import --db FILE --dataset NAME --transactions --item-by C,.. --time C [--bucket day|week|month] [--week-start monday|…|sunday] --price C [--list-price C] --quantity C [--segment C,..] [--features C,..] [--cost C] [--replace] [--print-sql] [--json] LOG.csv|LOG.xlsx\n       pricelab import --db FILE --dataset NAME --rebuild [--json] LOG.csv  (the dataset's saved recipe, on the grown log)",
    async run(argv, io) {
      const { values, positionals } = parse('import', argv, {
        encoding: { type: 'string' },
        sheet: { type: 'string' },
        db: { type: 'string' },
        table: { type: 'string' },
        mode: { type: 'string' },
        dataset: { type: 'string' },
        item: { type: 'string' },
        segment: { type: 'string' },
        period: { type: 'string' },
        price: { type: 'string' },
        quantity: { type: 'string' },
        cost: { type: 'string' },
        competitor: { type: 'string' },
        features: { type: 'string' },
        replace: { type: 'boolean' },
        delimiter: { type: 'string' },
        'date-format': { type: 'string' },
        ...TRANSACTION_FLAGS
      })
      const dateFormat = dateFormatFlag(values['date-format'])
      if (positionals.length !== 1) throw new UsageError('import: give exactly one CSV file')
      if (values.transactions || values['print-sql'] || values.rebuild)
        return importTransactionsCommand(values, positionals[0], io, {
          delimiter: delimiterFlag('import', values.delimiter),
          encoding: encodingFlag(values.encoding),
          sheet: values.sheet || undefined,
          dateFormat
        })
      const db = requireString('import', values.db, '--db')
      if (!!values.table === !!values.dataset)
        throw new UsageError('import: give either --table NAME or --dataset NAME')
      const d = delimiterFlag('import', values.delimiter)
      const mode = values.mode ?? 'append'
      if (mode !== 'append' && mode !== 'replace')
        throw new UsageError('import: --mode must be append or replace')
      const table = SEED_TABLES.find((t) => t === values.table)
      if (values.table && !table) throw new UsageError(`import: unknown table ${values.table}`)
      return withProject(db, true, async (b) => {
        const staged = await b.call('file:stagePath', { path: positionals[0] })
        const read = { encoding: encodingFlag(values.encoding), sheet: values.sheet || undefined }
        let plan: ImportPlan
        if (table) plan = { target: { kind: 'table', table, mode }, delimiter: d, ...read }
        else {
          const preview = await b.call('import:preview', { fileId: staged.fileId, delimiter: d, ...read })
          plan = {
            target: {
              kind: 'dataset',
              name: values.dataset as string,
              replace: values.replace ?? false,
              roles: {
                item: values.item,
                segments: listFlag(values.segment),
                period: values.period,
                price: values.price,
                quantity: values.quantity,
                cost: values.cost,
                competitor: values.competitor,
                features: listFlag(values.features)
              }
            },
            columns: planColumns(preview, dateFormat),
            delimiter: preview.delimiter,
            decimal: preview.decimal,
            encoding: preview.format === 'csv' ? preview.encoding.encoding : undefined,
            sheet: preview.sheet
          }
        }
        const r = await withProgress(b, io, values.json, () =>
          b.call('import:run', { jobId: 'cli', fileId: staged.fileId, plan })
        )
        report(
          io,
          values.json,
          {
            db: b.project.path,
            file: positionals[0],
            table: r.table,
            dataset: r.dataset,
            rows: r.rows,
            bytes: r.bytes,
            ms: r.ms,
            rows_per_second: r.rowsPerSecond,
            // Rows no market produces: {nonpositive_price, cost_above_price}: {count, lines}, or null.
            impossible_rows: r.impossible ?? null
          },
          () => [
            `Imported ${count(r.rows)} rows into ${r.table} in ${r.ms} ms (${count(r.rowsPerSecond)} rows/s)`,
            ...(r.impossible ? describeImpossible(r.impossible) : []).map((w) => `Warning: ${w}`)
          ]
        )
        return 0
      })
    }
  },
  elasticity: {
    summary:
      'Train the six demand models, compare them, and estimate naive and debiased elasticities per segment',
    usage:
      'pricelab elasticity (--db FILE [--dataset NAME] | --csv FILE --price C --quantity C [--segment C] [--item C] [--period C] [--controls C,..]) [--models ols,gam,poly2,poly3,rf,gbm] [--seed N] [--folds K] [--within-items on|off] [--validation time|rows|items] [--dml auto|on|off] [--max-rows N] [--cross-group COL|none] [--cross-top-k N] [--json]',
    async run(argv, io) {
      const { values } = parse('elasticity', argv, {
        dml: { type: 'string' },
        'max-rows': { type: 'string' },
        validation: { type: 'string' },
        db: { type: 'string' },
        dataset: { type: 'string' },
        csv: { type: 'string' },
        price: { type: 'string' },
        quantity: { type: 'string' },
        segment: { type: 'string' },
        item: { type: 'string' },
        period: { type: 'string' },
        controls: { type: 'string' },
        models: { type: 'string' },
        seed: { type: 'string' },
        folds: { type: 'string' },
        'within-items': { type: 'string' },
        'cross-group': { type: 'string' },
        'cross-top-k': { type: 'string' }
      })
      const within = values['within-items']
      if (within !== undefined && within !== 'on' && within !== 'off')
        throw new UsageError('elasticity: --within-items must be on or off')
      const validation = values.validation
      if (validation !== undefined && !isValidation(validation))
        throw new UsageError('elasticity: --validation must be time, rows or items')
      const dml = values.dml
      if (dml !== undefined && !(DML_MODES as readonly string[]).includes(dml))
        throw new UsageError(`elasticity: --dml must be ${DML_MODES.join(', ')}`)
      const maxRows =
        values['max-rows'] === undefined
          ? undefined
          : numberFlag('elasticity', values['max-rows'], '--max-rows', 0)
      if (maxRows !== undefined && !(Number.isInteger(maxRows) && maxRows >= 1000))
        throw new UsageError('elasticity: --max-rows must be a whole number of at least 1000')
      const crossGroup = values['cross-group']
      if (crossGroup !== undefined && !crossGroup.trim())
        throw new UsageError('elasticity: --cross-group needs a column name (e.g. store) or none')
      const topK = values['cross-top-k']
      const crossTopK = topK === undefined ? undefined : Number(topK)
      if (crossTopK !== undefined && !crossTopKSetting.safeParse(crossTopK).success)
        throw new UsageError(
          `elasticity: --cross-top-k must be a whole number from 2 to 50 (the segments that sell most enter the cross matrix), got ${JSON.stringify(topK)}`
        )
      const models = listFlag(values.models)
      for (const m of models ?? [])
        if (!(MODEL_KINDS as readonly string[]).includes(m))
          throw new UsageError(`elasticity: unknown model "${m}" (expected ${MODEL_KINDS.join(', ')})`)
      if (!values.db && !values.csv) throw new UsageError('elasticity: give --db FILE or --csv FILE')
      let db = values.db as string
      let dataset = values.dataset
      let scratch: string | null = null
      if (values.csv) {
        // One step for a plain CSV: import it into a temporary project first (deleted after the run).
        requireString('elasticity', values.price, '--price')
        requireString('elasticity', values.quantity, '--quantity')
        scratch = mkdtempSync(join(tmpdir(), 'pricelab-'))
        db = join(scratch, 'csv.pricelab')
        dataset = 'csv'
        const imported = await COMMANDS.import
          .run(
            [
              '--db',
              db,
              '--dataset',
              'csv',
              '--price',
              requireString('elasticity', values.price, '--price'),
              '--quantity',
              requireString('elasticity', values.quantity, '--quantity'),
              ...(values.segment ? ['--segment', values.segment] : []),
              ...(values.item ? ['--item', values.item] : []),
              ...(values.period ? ['--period', values.period] : []),
              ...(values.controls ? ['--features', values.controls] : []),
              '--json',
              values.csv
            ],
            { ...io, out: () => {} }
          )
          .catch((e: unknown) => {
            rmSync(scratch as string, { recursive: true, force: true })
            throw e
          })
        if (imported !== 0) {
          rmSync(scratch, { recursive: true, force: true })
          return imported
        }
      }
      const cleanup = () => scratch && rmSync(scratch, { recursive: true, force: true })
      return withProject(db, false, async (b) => {
        const r = await withProgress(b, io, values.json, () =>
          b.call('elasticity:train', {
            jobId: 'cli',
            dataset,
            models: models as ModelKind[] | undefined,
            seed:
              values.seed === undefined
                ? undefined
                : numberFlag('elasticity', values.seed, '--seed', DEFAULT_SEED),
            folds:
              values.folds === undefined ? undefined : numberFlag('elasticity', values.folds, '--folds', 3),
            withinItems: within === undefined ? undefined : within === 'on',
            validation,
            dml: dml as DmlMode | undefined,
            maxRows,
            crossGroup,
            crossTopK
          })
        )
        report(io, values.json, elasticityJson(r), () => elasticityText(r))
        return 0
      }).finally(cleanup)
    }
  },
  propensity: {
    summary:
      'Score learners leak-free: enrollment, churn and upsell propensity models compared with the rule baseline',
    usage: `pricelab propensity --db FILE [--target ${[...TARGETS, 'all'].join('|')}] [--cutoff YYYY-MM-DD] [--seed N] [--json]\n       pricelab propensity --db FILE --dataset NAME --label COLUMN [--positive VALUE] [--id COLUMN] [--features a,b,…] [--seed N] [--json]\n       pricelab propensity --db FILE --dataset LOG --events --customer C --time C [--event C] [--amount C] [--cutoff YYYY-MM-DD] --window DAYS [--outcome churn|conversion:TYPE|upsell:AMOUNT] [--json]`,
    async run(argv, io) {
      const { values } = parse('propensity', argv, {
        db: { type: 'string' },
        target: { type: 'string' },
        cutoff: { type: 'string' },
        seed: { type: 'string' },
        ...CUSTOMER_FLAGS
      })
      if (values.dataset !== undefined || values.label !== undefined) {
        if (values.target !== undefined || (values.cutoff !== undefined && !values.events))
          throw new UsageError(
            'propensity: --target and --cutoff are for the sample learners (or --events), not --dataset'
          )
        return customerPropensity(values, io)
      }
      const db = requireString('propensity', values.db, '--db')
      if (values.target === 'price_sensitivity')
        throw new UsageError(
          "propensity: price sensitivity is not a trained target: every run scores it (price_sensitivity in --json; `pricelab score` writes each learner's price_sensitivity_score)"
        )
      const target = choiceFlag('propensity', values.target, '--target', [...TARGETS, 'all'], 'all')
      return withProject(db, false, async (b) => {
        const r = await withProgress(b, io, values.json, () =>
          b.call('propensity:train', {
            jobId: 'cli',
            targets: target === 'all' ? undefined : [target],
            cutoff: dateFlag('propensity', values.cutoff, '--cutoff'),
            seed:
              values.seed === undefined
                ? undefined
                : numberFlag('propensity', values.seed, '--seed', DEFAULT_SEED)
          })
        )
        const f = (x: number | null) => fixed(x, 3)
        report(io, values.json, { ...r, targets: r.targets.map(({ test: _test, ...x }) => x) }, () => [
          `Cutoff ${r.cutoff}: features from before it, labels from the window after it`,
          ...r.targets.flatMap((t) => [
            '',
            `${t.target} (next ${t.window_days} days; ${count(t.learners)} ${t.population}; ${pct(t.positive_rate)} positive) — best ${t.best_model}`,
            `  ${'model'.padEnd(10)} ${'AUC'.padStart(6)} ${'CV AUC'.padStart(7)} ${'PR-AUC'.padStart(7)} ${'F1'.padStart(6)} ${'P@0.7'.padStart(6)} ${'Brier'.padStart(6)}`,
            ...[...t.models, t.baseline].map(
              (m) =>
                `  ${m.name.padEnd(10)} ${f(m.auc).padStart(6)} ${f(m.cv_auc).padStart(7)} ${f(m.pr_auc).padStart(7)} ${f(m.f1).padStart(6)} ${f(m.precision_at_70).padStart(6)} ${f(m.brier).padStart(6)}`
            ),
            `  segments: ${t.segments.map((s) => `${s.segment} ${s.learners}`).join(', ')}`
          ])
        ])
        return 0
      })
    }
  },
  score: {
    summary:
      "Write every learner's (or, with --dataset, every customer's) propensity scores and segments to CSV (trains the models first if needed)",
    usage:
      'pricelab score --db FILE --out learners.csv [--bom] [--force] [--json]\n       pricelab score --db FILE --dataset NAME [--label COLUMN …] --out customers.csv [--bom] [--force] [--json]',
    async run(argv, io) {
      const { values } = parse('score', argv, {
        db: { type: 'string' },
        out: { type: 'string' },
        bom: { type: 'boolean' },
        force: { type: 'boolean' },
        ...CUSTOMER_FLAGS
      })
      if (values.dataset !== undefined) return customerScore(values, io)
      const db = requireString('score', values.db, '--db')
      const out = requireString('score', values.out, '--out')
      return withProject(db, false, async (b) => {
        checkOutputs(b, [out], values.force)
        let run = await b.call('propensity:run', {})
        // A run on a sample regenerated since is never written out: trained again, as optimize does.
        if (run?.stale) io.err(`${run.stale}: training it again first\n`)
        if (!run || run.stale)
          run = await withProgress(b, io, values.json, () => b.call('propensity:train', { jobId: 'cli' }))
        const f = await b.call('propensity:export', { bom: values.bom ?? false })
        await saveOutputs(b, [{ fileId: f.fileId, out }], values.force)
        report(
          io,
          values.json,
          { db: b.project.path, run_id: run.run_id, scored_as_of: run.scored_as_of, out, rows: f.rows },
          () => [
            `Wrote ${count(f.rows)} learners' scores (run ${run.run_id}, as of ${run.scored_as_of}) to ${out}`
          ]
        )
        return 0
      })
    }
  },
  tables: {
    summary: 'List the tables and datasets of a project with row counts',
    usage: 'pricelab tables --db FILE [--json]',
    async run(argv, io) {
      const { values } = parse('tables', argv, { db: { type: 'string' } })
      const db = requireString('tables', values.db, '--db')
      return withProject(db, false, async (b) => {
        const tables = await b.call('data:tables', {})
        // A damaged dataset is not in the tables; it is named with its repair rather than silently missing.
        const damaged = await b.call('data:damagedDatasets', {})
        report(
          io,
          values.json,
          {
            db: b.project.path,
            tables: tables.map((t) => ({
              name: t.name,
              kind: t.kind,
              dataset: t.dataset,
              rows: t.rows,
              columns: t.columns
            })),
            damaged
          },
          () => [
            ...tables.map((t) => `${t.name.padEnd(24)} ${t.kind.padEnd(8)} ${count(t.rows).padStart(12)}`),
            ...damaged.map((d) => `damaged: ${d.message}`)
          ]
        )
        return 0
      })
    }
  },
  export: {
    summary: 'Export a table or dataset to CSV (RFC 4180, formula-safe)',
    usage:
      'pricelab export --db FILE --table NAME --out FILE.csv [--bom] [--delimiter ,|;|tab] [--force] [--json]',
    async run(argv, io) {
      const { values } = parse('export', argv, {
        db: { type: 'string' },
        table: { type: 'string' },
        out: { type: 'string' },
        bom: { type: 'boolean' },
        delimiter: { type: 'string' },
        force: { type: 'boolean' }
      })
      const db = requireString('export', values.db, '--db')
      const table = requireString('export', values.table, '--table')
      const out = requireString('export', values.out, '--out')
      const delimiter = delimiterFlag('export', values.delimiter)
      return withProject(db, false, async (b) => {
        checkOutputs(b, [out], values.force)
        const r = await b.call('export:table', { table, bom: values.bom ?? false, delimiter })
        await saveOutputs(b, [{ fileId: r.fileId, out }], values.force)
        report(io, values.json, { db: b.project.path, table, out, rows: r.rows, bytes: r.size }, () => [
          `Exported ${count(r.rows)} rows of ${table} to ${out}`
        ])
        return 0
      })
    }
  },
  ...PRICING_COMMANDS,
  ...EXPERIMENT_COMMANDS,
  ...RUN_COMMAND,
  ...SERVE_COMMAND
}
