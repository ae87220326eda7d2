import type { CustomerPropensityRun } from '../shared/propensity/customer-results'
import { UsageError, dateFlag, listFlag, numberFlag, requireString } from './args'
import { report, withProgress, withProject, type Io } from './io'
import { checkOutputs, saveOutputs } from './output'
import { DEFAULT_SEED } from '../shared/defaults'
import { calibrationWords } from '../shared/propensity/calibration-words'
import { DomainError } from '../shared/domain-error'
import { count, fixed, pct } from '../shared/format/numbers'

/** The customer-table flags of `propensity` and `score` (parsed by those commands). */
export const CUSTOMER_FLAGS = {
  dataset: { type: 'string' },
  label: { type: 'string' },
  positive: { type: 'string' },
  id: { type: 'string' },
  features: { type: 'string' },
  events: { type: 'boolean' },
  customer: { type: 'string' },
  time: { type: 'string' },
  event: { type: 'string' },
  amount: { type: 'string' },
  window: { type: 'string' },
  outcome: { type: 'string' }
} as const

interface CustomerValues {
  db?: string
  dataset?: string
  label?: string
  positive?: string
  id?: string
  features?: string
  seed?: string
  json?: boolean
  events?: boolean
  customer?: string
  time?: string
  event?: string
  amount?: string
  cutoff?: string
  window?: string
  outcome?: string
}

/** `--events …`: the event log's columns, cutoff, window and outcome (churn | conversion:TYPE | upsell:AMOUNT). */
function eventsSpec(v: CustomerValues) {
  const o = v.outcome ?? 'churn'
  const [kind, arg] = [o.split(':')[0], o.slice(o.indexOf(':') + 1)]
  const outcome =
    kind === 'churn' && !o.includes(':')
      ? { kind: 'churn' as const }
      : kind === 'conversion' && arg
        ? { kind: 'conversion' as const, event: arg }
        : kind === 'upsell' && o.includes(':') && Number.isFinite(Number(arg))
          ? { kind: 'upsell' as const, above: Number(arg) }
          : null
  if (!outcome) throw new UsageError('propensity: --outcome must be churn, conversion:EVENT or upsell:AMOUNT')
  return {
    customer: requireString('propensity', v.customer, '--customer'),
    time: requireString('propensity', v.time, '--time'),
    event: v.event,
    amount: v.amount,
    cutoff: dateFlag('propensity', v.cutoff, '--cutoff'),
    window: numberFlag('propensity', requireString('propensity', v.window, '--window'), '--window', 60),
    outcome
  }
}

/** The --json document: the run without the per-customer test scores (as for learners). */
function runJson(r: CustomerPropensityRun): Record<string, unknown> {
  return { ...r, targets: r.targets.map(({ test: _test, ...t }) => t) }
}

function runText(r: CustomerPropensityRun): string[] {
  const f = (x: number | null) => fixed(x, 3)
  const t = r.targets[0]
  return [
    `Dataset ${r.dataset}, label ${t.target} (positive "${t.positive}"): ${count(t.learners)} labelled customers, ${pct(t.positive_rate)} positive — best ${t.best_model} (run ${r.run_id})`,
    ...(t.cutoff
      ? [
          `  features before ${t.cutoff}, labels from the ${t.window_days} days after it; scores as of ${r.scored_as_of}`
        ]
      : []),
    `  ${'model'.padEnd(10)} ${'AUC'.padStart(6)} ${'CV AUC'.padStart(7)} ${'PR-AUC'.padStart(7)} ${'F1'.padStart(6)} ${'Brier'.padStart(6)}`,
    ...t.models.map(
      (m) =>
        `  ${m.name.padEnd(10)} ${f(m.auc).padStart(6)} ${f(m.cv_auc).padStart(7)} ${f(m.pr_auc).padStart(7)} ${f(m.f1).padStart(6)} ${f(m.brier).padStart(6)}`
    ),
    `  ${calibrationWords(t)}; Brier ${f(t.brier_after)}`,
    `  features: ${t.features.map((x) => `${x.column} (${x.how})`).join(', ')}`,
    ...t.dropped.map((d) => `  dropped: ${d.column}: ${d.reason}`),
    `  segments of ${count(t.customers_scored)} customers: ${t.segments.map((s) => `${s.segment} ${s.learners}`).join(', ')}`
  ]
}

/** `propensity --dataset NAME --label COLUMN …`: train on an imported customer table. */
export async function customerPropensity(v: CustomerValues, io: Io): Promise<number> {
  const db = requireString('propensity', v.db, '--db')
  const dataset = requireString('propensity', v.dataset, '--dataset')
  const events = v.events ? eventsSpec(v) : undefined
  const label = events ? undefined : requireString('propensity', v.label, '--label')
  if (label !== undefined && v.id !== undefined && v.id.trim().toLowerCase() === label.trim().toLowerCase())
    throw new UsageError(
      `propensity: --id and --label are both "${label}": the label cannot identify the customers (give the id column with --id, or leave --id out)`
    )
  return withProject(db, false, async (b) => {
    const r = await withProgress(b, io, v.json, () =>
      b.call('propensity:trainCustomers', {
        jobId: 'cli',
        dataset,
        label,
        events,
        positive: v.positive,
        id: v.id,
        features: listFlag(v.features),
        seed: v.seed === undefined ? undefined : numberFlag('propensity', v.seed, '--seed', DEFAULT_SEED)
      })
    )
    report(io, v.json, runJson(r), () => runText(r))
    warnLeaks(io, r.targets[0].dropped)
    return 0
  })
}

/** A column dropped as a copy of the label is said on stderr too (even with --json): the analyst must know. */
function warnLeaks(io: Io, dropped: { column: string; reason: string }[]): void {
  for (const d of dropped)
    if (d.reason.startsWith('leaks the label'))
      io.err(`warning: column "${d.column}" ${d.reason}; it was dropped from the features\n`)
}

/** `score --dataset NAME --out FILE.csv`: one row per customer from the latest run (trained first with --label if none). */
export async function customerScore(
  v: CustomerValues & { out?: string; bom?: boolean; force?: boolean },
  io: Io
): Promise<number> {
  const db = requireString('score', v.db, '--db')
  const dataset = requireString('score', v.dataset, '--dataset')
  const out = requireString('score', v.out, '--out')
  return withProject(db, false, async (b) => {
    checkOutputs(b, [out], v.force)
    let run = await b.call('propensity:customerRun', { dataset, label: v.label })
    // A run on a dataset replaced since is never written out: trained again with --label, else refused.
    if (run?.stale) {
      if (!v.label)
        throw new DomainError(
          'invalid_input',
          `${run.stale} (propensity --dataset ${dataset} --label ${run.targets[0].target}), or give --label ${run.targets[0].target} to score with a new run`
        )
      io.err(`${run.stale}: training it again first\n`)
      run = null
    }
    if (!run) {
      if (!v.label)
        throw new UsageError(
          `score: dataset "${dataset}" has no propensity run yet: give --label COLUMN (or run propensity --dataset first)`
        )
      run = await withProgress(b, io, v.json, () =>
        b.call('propensity:trainCustomers', {
          jobId: 'cli',
          dataset,
          label: v.label as string,
          positive: v.positive,
          id: v.id,
          features: listFlag(v.features)
        })
      )
    }
    const f = await b.call('propensity:exportCustomers', {
      dataset,
      label: run.targets[0].target,
      bom: v.bom ?? false
    })
    await saveOutputs(b, [{ fileId: f.fileId, out }], v.force)
    report(
      io,
      v.json,
      {
        db: b.project.path,
        run_id: f.run_id,
        dataset,
        label: run.targets[0].target,
        scored_as_of: run.scored_as_of,
        out,
        rows: f.rows
      },
      () => [
        `Wrote ${count(f.rows)} customers' ${run.targets[0].target} scores (dataset ${dataset}, run ${f.run_id}) to ${out}`
      ]
    )
    return 0
  })
}
